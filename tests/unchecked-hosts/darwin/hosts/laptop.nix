# A Mac managed by nix-darwin (its options are not NixOS's); the local lints still read it.
{ pkgs, ... }:
let
  unusedDockSize = 48;
in
{
  system.defaults.dock.autohide = true;
  homebrew.enable = true;
  environment.systemPackages = [ pkgs.git ];
}
