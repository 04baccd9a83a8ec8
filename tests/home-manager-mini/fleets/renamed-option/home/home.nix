# alice's home-manager configuration.
{ ... }:
{
  home.stateVersion = "25.11";
  programs.git = {
    enable = true;
    signing.gpgPath = "/run/current-system/sw/bin/gpg2"; # expect: QG106
  };
}
