# The options every module evaluation has (those of the built-in module of
# nixpkgs' `lib/modules.nix`), for a host evaluated with a nixpkgs tree's own
# NixOS modules, which declare the rest (`base.nix` stands in for them
# otherwise).
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options = {
    _module.args = mkOption {
      type = types.lazyAttrsOf types.raw;
      default = { };
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
  };
}
