# systemd services and timers.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;

  # A value of a unit's section: definitions of lists are joined, others must agree.
  unitOption = lib.mkOptionType {
    name = "systemd option";
    merge = loc: defs:
      if lib.any (d: builtins.isList d.value) defs
      then lib.concatMap (d: lib.toList d.value) defs
      else lib.mergeEqualOption loc defs;
  };

  unitOpts = { name, ... }: {
    options = {
      enable = mkOption {
        type = types.bool;
        default = true;
        description = "Whether the unit is installed.";
      };
      description = mkOption {
        type = types.str;
        default = "";
        description = "The unit's description.";
      };
      wantedBy = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Units that want this one.";
      };
      after = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Units this one starts after.";
      };
      requires = mkOption {
        type = types.listOf types.str;
        default = [ ];
        description = "Units this one needs.";
      };
    };
  };

  serviceOpts = { name, ... }: {
    options = {
      serviceConfig = mkOption {
        type = types.attrsOf unitOption;
        default = { };
        example = { RestartSec = 5; };
        description = "The `[Service]` section of the unit.";
      };
      environment = mkOption {
        type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ]));
        default = { };
        description = "Environment variables of the service.";
      };
      path = mkOption {
        type = types.listOf (types.either types.package types.str);
        default = [ ];
        description = "Packages whose `bin` is on the service's PATH.";
      };
      script = mkOption {
        type = types.lines;
        default = "";
        description = "Shell commands the service runs.";
      };
    };
  };

  timerOpts = { name, ... }: {
    options.timerConfig = mkOption {
      type = types.attrsOf unitOption;
      default = { };
      example = { OnCalendar = "daily"; };
      description = "The `[Timer]` section of the unit.";
    };
  };
in
{
  options.systemd = {
    services = mkOption {
      type = types.attrsOf (types.submodule [ unitOpts serviceOpts ]);
      default = { };
      description = "The system's services.";
    };
    timers = mkOption {
      type = types.attrsOf (types.submodule [ unitOpts timerOpts ]);
      default = { };
      description = "The system's timers.";
    };
  };
}
