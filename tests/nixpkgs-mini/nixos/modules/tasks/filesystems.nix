{ config, lib, ... }:
let
  inherit (lib) mkOption types;

  fileSystemOpts = { name, config, ... }: {
    options = {
      mountPoint = mkOption {
        type = types.str;
        example = "/mnt/data";
        description = "Where the file system is mounted (by default the attribute name).";
      };
      device = mkOption {
        type = types.nullOr types.str;
        default = null;
        example = "/dev/disk/by-label/data";
        description = "The device mounted.";
      };
      fsType = mkOption {
        type = types.str;
        default = "auto";
        example = "ext4";
        description = "The type of the file system.";
      };
      options = mkOption {
        type = types.nonEmptyListOf types.str;
        default = [ "defaults" ];
        description = "Mount options.";
      };
      neededForBoot = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the file system is mounted in the initial ram disk.";
      };
    };
    config.mountPoint = lib.mkDefault name;
  };
in
{
  options.fileSystems = mkOption {
    type = types.attrsOf (types.submodule fileSystemOpts);
    default = { };
    example = { "/".device = "/dev/disk/by-label/nixos"; };
    description = "The file systems mounted, by mount point.";
  };

  config.assertions = [
    {
      assertion = lib.any (fs: fs.mountPoint == "/") (lib.attrValues config.fileSystems);
      message = "The fileSystems option does not specify your root file system.";
    }
  ];
}
