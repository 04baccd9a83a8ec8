# slskd: Soulseek client with a web UI (the headless Nicotine+).
{config, ...}: let
  port = 5030;
in {
  # SLSKD_SLSK_USERNAME / SLSKD_SLSK_PASSWORD.
  sops.secrets."slskd/env" = {
    owner = "slskd";
    restartUnits = ["slskd.service"];
  };

  services.slskd = {
    enable = true;
    group = "media";
    # No nginx virtual host: Traefik does the proxying.
    domain = null;
    environmentFile = config.sops.secrets."slskd/env".path;
    openFirewall = true;
    settings = {
      web = {
        inherit port;
        authentication.disabled = true;
      };
      soulseek.listen_port = 50300;
      directories.downloads = "/mnt/data/downloads/soulseek";
      shares.directories = ["/mnt/data/media/music"];
    };
  };

  qgroget.services.slskd = {
    name = "soulseek";
    url = "http://127.0.0.1:${toString port}";
    persistedData = ["/var/lib/slskd"];
    unitName = "slskd.service";
  };
}
