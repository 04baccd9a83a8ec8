# alice's home-manager configuration.
{ pkgs, ... }:
{
  home.stateVersion = "25.11";
  programs.git = {
    enable = true;
    userNmae = "Alice"; # expect: QG101
    userEmail = "alice@example.org";
  };
  xdg.confFile."app/settings.ini".text = "x = 1\n"; # expect: QG101
}
