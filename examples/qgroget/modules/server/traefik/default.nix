# Traefik: routers and services generated from `qgroget.services`.
{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.server) domain;
  services = config.qgroget.services;
  secrets = config.sops.secrets;

  isPrivate = svc: svc.type == "private";

  mkRouter = name: svc: {
    rule = "Host(`${svc.name}.${domain}`)";
    entryPoints = ["websecure"];
    service = name;
    middlewares = lib.optional (isPrivate svc) "SSO" ++ ["secure-headers"] ++ svc.middlewares;
    tls =
      {certResolver = "letsencrypt";}
      # Private services also require a client certificate.
      // lib.optionalAttrs (isPrivate svc) {options = "mtls";};
  };

  mkService = _name: svc: {
    loadBalancer = {
      servers = [{inherit (svc) url;}];
      passHostHeader = true;
    };
  };

  generated = {
    http = {
      routers =
        lib.mapAttrs mkRouter services
        // {
          dashboard = {
            rule = "Host(`traefik.${domain}`)";
            entryPoints = ["websecure"];
            service = "api@internal";
            middlewares = ["SSO" "secure-headers"];
            tls = {
              certResolver = "letsencrypt";
              options = "mtls";
            };
          };
        };

      services = lib.mapAttrs mkService services;

      middlewares = {
        SSO.forwardAuth = {
          address = "${services.authelia.url}/api/authz/forward-auth";
          trustForwardHeader = true;
          authResponseHeaders = ["Remote-User" "Remote-Groups" "Remote-Email" "Remote-Name"];
        };

        rate-limit.rateLimit = {
          average = 100;
          burst = 200;
          period = "1s";
        };

        secure-headers.headers = {
          stsSeconds = 31536000;
          stsIncludeSubdomains = true;
          stsPreload = true;
          forceSTSHeader = true;
          contentTypeNosniff = true;
          browserXssFilter = true;
          referrerPolicy = "strict-origin-when-cross-origin";
          customFrameOptionsValue = "SAMEORIGIN";
        };
      };
    };

    tls.options.mtls = {
      minVersion = "VersionTLS12";
      sniStrict = true;
      clientAuth = {
        caFiles = [secrets."traefik/client_ca".path];
        clientAuthType = "RequireAndVerifyClientCert";
      };
    };
  };

  # Per-service additions (extra middlewares, router tweaks...).
  perService = lib.foldl' lib.recursiveUpdate {} (lib.mapAttrsToList (_: svc: svc.traefikDynamicConfig) services);
in {
  sops.secrets = {
    # Cloudflare API token for the DNS-01 challenge.
    "traefik/cloudflare_token" = {
      owner = "traefik";
      restartUnits = ["traefik.service"];
    };
    # CA that signs the client certificates of private services.
    "traefik/client_ca" = {
      owner = "traefik";
      restartUnits = ["traefik.service"];
    };
  };

  services.traefik = {
    enable = true;

    staticConfigOptions = {
      entryPoints = {
        web = {
          address = ":80";
          http.redirections.entryPoint = {
            to = "websecure";
            scheme = "https";
          };
        };
        websecure = {
          address = ":443";
          http.tls = {
            certResolver = "letsencrypt";
            domains = [
              {
                main = domain;
                sans = ["*.${domain}"];
              }
            ];
          };
        };
      };

      certificatesResolvers.letsencrypt.acme = {
        email = config.qgroget.server.acmeEmail;
        storage = "${config.services.traefik.dataDir}/acme.json";
        dnsChallenge = {
          provider = "cloudflare";
          resolvers = ["1.1.1.1:53" "1.0.0.1:53"];
        };
      };

      api.dashboard = true;
      log.level = "INFO";
      accessLog = {};
      global = {
        checkNewVersion = false;
        sendAnonymousUsage = false;
      };
    };

    dynamicConfigOptions = lib.mkMerge [generated perService];
  };

  # lego reads the token from the file named by CF_DNS_API_TOKEN_FILE.
  systemd.services.traefik.environment.CF_DNS_API_TOKEN_FILE = secrets."traefik/cloudflare_token".path;

  environment.persistence."/persist".directories = ["/var/lib/traefik"];

  networking.firewall.allowedTCPPorts = [80 443];
}
