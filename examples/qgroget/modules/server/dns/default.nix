# AdGuard Home: LAN resolver with ad blocking. Every service name resolves to
# the server itself so that LAN traffic never leaves the house.
{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.server) domain lanAddress;
  port = 3000;

  rewrites =
    [
      {
        inherit domain;
        answer = lanAddress;
      }
      {
        domain = "traefik.${domain}";
        answer = lanAddress;
      }
    ]
    ++ lib.mapAttrsToList (_: svc: {
      domain = "${svc.name}.${domain}";
      answer = lanAddress;
    })
    config.qgroget.services;
in {
  services.adguardhome = {
    enable = true;
    host = "127.0.0.1";
    inherit port;
    mutableSettings = false;
    settings = {
      dns = {
        bind_hosts = ["0.0.0.0"];
        port = 53;
        upstream_dns = ["https://dns.quad9.net/dns-query" "https://cloudflare-dns.com/dns-query"];
        bootstrap_dns = ["9.9.9.9" "1.1.1.1"];
        cache_size = 4194304;
      };
      filtering = {
        protection_enabled = true;
        filtering_enabled = true;
        inherit rewrites;
      };
      filters = [
        {
          enabled = true;
          name = "AdGuard DNS filter";
          url = "https://adguardteam.github.io/HostlistsRegistry/assets/filter_1.txt";
        }
        {
          enabled = true;
          name = "OISD big";
          url = "https://big.oisd.nl";
        }
      ];
    };
  };

  networking.firewall = {
    allowedTCPPorts = [53];
    allowedUDPPorts = [53];
  };

  qgroget.services.adguardhome = {
    name = "dns";
    url = "http://127.0.0.1:${toString port}";
    # Settings are declarative (mutableSettings = false) and the state in
    # /var/lib/private/AdGuardHome is only statistics: nothing to back up.
    unitName = "adguardhome.service";
  };
}
