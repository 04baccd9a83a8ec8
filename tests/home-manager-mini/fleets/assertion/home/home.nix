# alice's home-manager configuration.
{ ... }:
{
  home.stateVersion = "25.11";
  programs.git = {
    enable = true;
    userName = "Alice";
    signing.signByDefault = true; # expect: QG105
  };
}
