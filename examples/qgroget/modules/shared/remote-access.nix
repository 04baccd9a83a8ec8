{
  config,
  lib,
  ...
}: let
  cfg = config.qgroget.nixos.remote-access;
in {
  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      services.openssh = {
        enable = true;
        openFirewall = true;
        settings = {
          PasswordAuthentication = false;
          KbdInteractiveAuthentication = false;
          PermitRootLogin = "no";
        };
      };
    }

    (lib.mkIf cfg.tailscale.enable {
      sops.secrets."tailscale/auth_key" = {};

      services.tailscale = {
        enable = true;
        authKeyFile = config.sops.secrets."tailscale/auth_key".path;
        useRoutingFeatures =
          if config.qgroget.nixos.isDesktop
          then "client"
          else "server";
        extraUpFlags = ["--ssh"];
      };

      networking.firewall.trustedInterfaces = ["tailscale0"];
    })

    (lib.mkIf cfg.sunshine.enable {
      services.sunshine = {
        enable = true;
        autoStart = true;
        capSysAdmin = true;
        openFirewall = true;
      };
    })
  ]);
}
