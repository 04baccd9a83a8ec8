# alice's home-manager configuration.
{ pkgs, ... }:
let
  editor = "hx"; # expect: QG003
in
{
  home.stateVersion = 25.11;
  programs.git.userNmae = "Alice";
  services.webserver.enable = "yes";
  users.users.alice.extraGroup = [ "wheel" ];
}
