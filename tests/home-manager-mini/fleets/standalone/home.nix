# alice's home-manager configuration, on a machine without NixOS.
{ team, ... }:
{
  home.username = "alice";
  home.homeDirectory = "/home/alice";
  home.stateVersion = "25.11";
  home.sessionVariables.TEAM = team;
  programs.git = {
    enable = true;
    userName = "Alice";
    signing.signByDefault = true; # expect: QG105
    signing.gpgPath = "/usr/bin/gpg2"; # expect: QG106
  };
  programs.shell.enable = true;
  programs.shell.shellAliase.ll = "ls -l"; # expect: QG101
  home.sessionVariables.EDITOR = [ "hx" ]; # expect: QG102
}
