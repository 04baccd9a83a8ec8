# Homepage: one tile per registered service, grouped by visibility.
{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.server) domain;
  port = 8082;

  others = lib.filterAttrs (name: _: name != "homepage") config.qgroget.services;

  tilesOf = type:
    lib.mapAttrsToList (name: svc: {
      ${name} = {
        href = "https://${svc.name}.${domain}";
        icon = "${name}.png";
        description = "${svc.name}.${domain}";
      };
    }) (lib.filterAttrs (_: svc: svc.type == type) others);
in {
  # HOMEPAGE_VAR_* API keys used by the widgets.
  sops.secrets."homepage/env".restartUnits = ["homepage-dashboard.service"];

  services.homepage-dashboard = {
    enable = true;
    listenPort = port;
    allowedHosts = "dashboard.${domain}";
    environmentFile = config.sops.secrets."homepage/env".path;

    settings = {
      title = "QGroget";
      theme = "dark";
      headerStyle = "clean";
      layout = {
        Public.style = "row";
        Private.style = "row";
      };
    };

    services = [
      {Public = tilesOf "public";}
      {Private = tilesOf "private";}
    ];

    widgets = [
      {
        resources = {
          cpu = true;
          memory = true;
          disk = ["/persist" "/mnt/data"];
        };
      }
      {
        search = {
          provider = "duckduckgo";
          target = "_blank";
        };
      }
    ];
  };

  qgroget.services.homepage = {
    name = "dashboard";
    url = "http://127.0.0.1:${toString port}";
    unitName = "homepage-dashboard.service";
  };
}
