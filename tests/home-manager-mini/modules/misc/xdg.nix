# The XDG base directories, and files placed in the configuration one.
{ config, lib, homeFileType, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.xdg;
  home = config.home.homeDirectory;
in
{
  options.xdg = {
    enable = lib.mkEnableOption "the XDG base directory variables";
    configHome = mkOption {
      type = types.path;
      default = "${home}/.config";
      defaultText = "~/.config";
      description = "The XDG configuration directory.";
    };
    dataHome = mkOption {
      type = types.path;
      default = "${home}/.local/share";
      defaultText = "~/.local/share";
      description = "The XDG data directory.";
    };
    configFile = mkOption {
      type = types.attrsOf (types.submodule homeFileType);
      default = { };
      description = "Files in the XDG configuration directory, by name.";
    };
  };

  config = {
    home.file = lib.mapAttrs' (name: file:
      lib.nameValuePair ".config/${name}" (removeAttrs file [ "target" "source" ]
        // lib.optionalAttrs (file.text == null) { inherit (file) source; }))
      (lib.filterAttrs (_: f: f.enable) cfg.configFile);
    home.sessionVariables = mkIf cfg.enable {
      XDG_CONFIG_HOME = cfg.configHome;
      XDG_DATA_HOME = cfg.dataHome;
    };
  };
}
