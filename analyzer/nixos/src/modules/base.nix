# qg's stand-in for the parts of NixOS's own modules that configurations rely
# on: the options of `lib/modules.nix`'s built-in module (`_module.*`) and of
# `nixos/modules/misc/assertions.nix` (`assertions`, `warnings`), and nixpkgs'
# platforms (`nixpkgs.hostPlatform`, `nixpkgs.buildPlatform`). Every other
# NixOS option is unknown to qg: definitions of it are kept and readable through
# `config`, never reported.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options = {
    _module.args = mkOption {
      type = types.lazyAttrsOf types.raw;
      default = { };
      internal = true;
      description = "Arguments passed to each module.";
    };

    _module.check = mkOption {
      type = types.bool;
      default = true;
      internal = true;
      description = "Whether to check whether all option definitions have matching declarations.";
    };

    _module.freeformType = mkOption {
      type = types.nullOr types.optionType;
      default = null;
      internal = true;
      description = "If set, merge all definitions that don't have an associated option together using this type.";
    };

    assertions = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
      internal = true;
      description = "Conditions that must hold, each `{ assertion; message; }`.";
    };

    # nixpkgs' platform options: a system name or a set, elaborated by `apply` (so
    # `config.nixpkgs.hostPlatform.isDarwin` reads a set). Unset, qg cannot know them.
    nixpkgs.hostPlatform = mkOption {
      type = types.either types.str types.attrs;
      default = lib.systems.elaborate null;
      apply = lib.systems.elaborate;
      description = "The platform the system runs on.";
    };

    nixpkgs.buildPlatform = mkOption {
      type = types.either types.str types.attrs;
      default = lib.systems.elaborate null;
      apply = lib.systems.elaborate;
      description = "The platform the system is built on.";
    };

    warnings = mkOption {
      type = types.listOf types.str;
      default = [ ];
      internal = true;
      description = "Warnings printed when the system is built.";
    };
  };
}
