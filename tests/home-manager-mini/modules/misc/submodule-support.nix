# Whether this configuration is a user of home-manager's NixOS module (a
# submodule) rather than a standalone one.
{ lib, ... }:
{
  options.submoduleSupport = {
    enable = lib.mkOption {
      type = lib.types.bool;
      default = false;
      internal = true;
      description = "Whether the configuration is a submodule of a system configuration.";
    };
    externalPackageInstall = lib.mkOption {
      type = lib.types.bool;
      default = false;
      internal = true;
      description = "Whether the system installs `home.packages` (`useUserPackages`).";
    };
  };
}
