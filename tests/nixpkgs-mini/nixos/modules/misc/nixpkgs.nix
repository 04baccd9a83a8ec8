# The platform, and the package set given to modules as `pkgs`.
{ config, lib, ... }:
let
  cfg = config.nixpkgs;
in
{
  options.nixpkgs = {
    system = lib.mkOption {
      type = lib.types.str;
      example = "aarch64-linux";
      description = "The platform to build for, by name (see `nixpkgs.hostPlatform`).";
    };
    hostPlatform = lib.mkOption {
      type = lib.types.either lib.types.str lib.types.attrs;
      default = cfg.system;
      defaultText = lib.literalExpression "config.nixpkgs.system";
      apply = lib.systems.elaborate;
      description = "The platform the system runs on.";
    };
    config = lib.mkOption {
      type = lib.types.attrs;
      default = { };
      description = "The configuration of the package set.";
    };
  };
  config._module.args.pkgs = lib.mkOverride 100 (import ../../../pkgs { system = cfg.hostPlatform.system; });
}
