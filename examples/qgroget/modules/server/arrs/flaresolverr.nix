# FlareSolverr: Cloudflare challenge solver used by Prowlarr indexers.
# Internal only (no Traefik route), published on loopback for Prowlarr.
{...}: {
  virtualisation.quadlet.containers.flaresolverr = {
    containerConfig = {
      image = "ghcr.io/flaresolverr/flaresolverr:v3.3.21";
      publishPorts = ["127.0.0.1:8191:8191"];
      environments = {
        LOG_LEVEL = "info";
        TZ = "Europe/Paris";
      };
      autoUpdate = "registry";
    };
    serviceConfig.Restart = "on-failure";
    unitConfig.Before = ["prowlarr.service"];
  };
}
