{ lib, ... }:
{
  options.system = {
    stateVersion = lib.mkOption {
      type = lib.types.str;
      default = lib.trivial.release;
      description = "The release whose defaults the system's stateful data follows.";
    };
    nixos.release = lib.mkOption {
      readOnly = true;
      type = lib.types.str;
      default = lib.trivial.release;
      description = "The release of the miniature.";
    };
  };
}
