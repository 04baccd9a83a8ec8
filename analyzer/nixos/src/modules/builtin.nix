# The options every module evaluation has (those of the built-in module of
# nixpkgs' `lib/modules.nix`), for a host evaluated with a nixpkgs tree's own
# NixOS modules, which declare the rest (`base.nix` stands in for them
# otherwise), and for its submodules (where `_module.args` is internal, and
# where qg gives no definitions: `name` is given to their modules directly).
{ lib, specialArgs, _prefix, ... }:
let
  inherit (lib) mkOption types;
in
{
  options = {
    _module.args = mkOption {
      type = types.lazyAttrsOf types.raw;
      description = "Additional arguments passed to each module in addition to ones like `lib`, `config`, and `pkgs`, `modulesPath`.";
    } // lib.optionalAttrs (_prefix != [ ]) { internal = true; };
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
    _module.specialArgs = mkOption {
      readOnly = true;
      internal = true;
      description = "Externally provided module arguments that can't be modified from within a configuration, but can be used in module imports.";
    };
  };
  config = lib.optionalAttrs (_prefix == [ ]) {
    _module.specialArgs = specialArgs;
  };
}
