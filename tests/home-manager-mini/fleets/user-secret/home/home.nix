# alice's home: reads the token her own secrets module declares (never the host's).
{ config, ... }:
{
  imports = [ ./secrets.nix ];
  home.stateVersion = "25.11";
  programs.shell.enable = true;
  programs.shell.initExtra = "export TOKEN_FILE=${config.sops.secrets.api-token.path}\n";
}
