# The login shell's profile: aliases and lines added to it.
{ config, lib, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.programs.shell;
in
{
  options.programs.shell = {
    enable = lib.mkEnableOption "the shell profile";
    shellAliases = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = { ll = "ls -l"; };
      description = "Aliases of the interactive shell.";
    };
    initExtra = mkOption {
      type = types.lines;
      default = "";
      description = "Lines added to the profile.";
    };
  };

  config = mkIf cfg.enable {
    home.file.".profile".text = lib.concatStrings (lib.mapAttrsToList
      (n: v: "alias ${n}='${v}'\n") cfg.shellAliases) + cfg.initExtra;
  };
}
