# The miniature's package set: a few stand-in packages (not buildable), the
# formats and the lib. qg never reads it: it uses its own `pkgs`.
{ system ? "x86_64-linux" }:
let
  lib = import ../lib;
  fake = name: { type = "derivation"; inherit name; outPath = "/nix/store/00000000000000000000000000000000-${name}"; meta = { }; };
in
{
  inherit lib;
  path = ../.;
  webserver = fake "webserver-1.0";
  pinger = fake "pinger-0.3";
  mailer = fake "mailer-2.1";
  bashInteractive = fake "bash-interactive-5.2" // { shellPath = "/bin/bash"; };
  shadow = fake "shadow-4.16" // { shellPath = "/bin/nologin"; };
  writeText = name: text: "/nix/store/00000000000000000000000000000000-${name}";
  stdenv.hostPlatform = lib.systems.elaborate system;
}
