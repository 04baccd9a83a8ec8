# Every user's: an option of the fleet's own, and the shell profile.
{ config, lib, team, ... }:
{
  options.editor.name = lib.mkOption {
    type = lib.types.str;
    default = "vi";
    description = "The editor of the user's sessions.";
  };
  config = {
    programs.shell.enable = true;
    programs.shell.shellAliases.ll = "ls -l";
    home.sessionVariables.EDITOR = config.editor.name;
    home.sessionVariables.TEAM = team;
  };
}
