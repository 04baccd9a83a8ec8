# alice's home: reads the token her own secrets module declares (never the host's), and
# declares a second secret whose key her sops file lacks.
{ config, ... }:
{
  imports = [ ./secrets.nix ];
  home.stateVersion = "25.11";
  sops.secrets.mail-password = { }; # expect: QG201
  programs.shell.enable = true;
  programs.shell.initExtra = "export TOKEN_FILE=${config.sops.secrets.api-token.path}\n";
}
