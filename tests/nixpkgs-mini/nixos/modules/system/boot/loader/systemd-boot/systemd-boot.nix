{ config, lib, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.boot.loader.systemd-boot;
in
{
  options.boot.loader.systemd-boot = {
    enable = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to boot with systemd-boot, the EFI boot manager.";
    };
    configurationLimit = mkOption {
      type = types.nullOr types.int;
      default = null;
      example = 10;
      description = "How many generations the boot menu shows at most (all if null).";
    };
    editor = mkOption {
      type = types.bool;
      default = true;
      description = "Whether the kernel command line may be edited at boot.";
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.configurationLimit == null || cfg.configurationLimit > 0;
        message = "boot.loader.systemd-boot.configurationLimit must be positive (or null for every generation).";
      }
    ];
  };
}
