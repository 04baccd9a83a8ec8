# alice's home-manager configuration.
{ config, ... }:
{
  home.stateVersion = "25.11";
  editor.name = "hx";
  programs.git = {
    enable = true;
    userName = "Alice";
    userEmail = "alice@example.org";
    ignores = [ "*.swp" ];
    extraConfig.pull.rebase = true;
  };
  xdg.enable = true;
  xdg.configFile."app/settings.ini".text = "home = ${config.home.homeDirectory}\n";
  programs.shell.initExtra = "umask 022\n";
}
