# alice's home-manager configuration.
{ ... }:
{
  home.stateVersion = "23.05"; # expect: QG102
  programs.git.enable = true;
}
