# The QGroget logo: shown by fastfetch and in the login banner.
{
  config,
  lib,
  pkgs,
  ...
}: let
  logo = ''
      ___   ____
     / _ \ / ___|  QGroget
    | | | | |  _   homelab & desktops
    | |_| | |_| |  managed with Nix
     \__\_\\____|
  '';

  fastfetchConfig = {
    logo = {
      source = "/etc/qgroget/logo.txt";
      type = "file";
      color."1" = "blue";
    };
    modules =
      ["title" "separator" "os" "host" "kernel" "uptime" "packages" "memory"]
      ++ lib.optionals config.qgroget.nixos.isDesktop ["de" "wm" "display" "gpu"];
  };
in {
  environment = {
    etc = {
      "qgroget/logo.txt".text = logo;
      "fastfetch/config.jsonc".text = builtins.toJSON fastfetchConfig;
    };
    systemPackages = [pkgs.fastfetch];
  };

  users.motd = logo;
}
