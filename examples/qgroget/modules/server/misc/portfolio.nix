# The public website, packaged in its own flake (portfolio.nixosModules.default).
{
  config,
  lib,
  ...
}: let
  port = 3001;
in {
  services.portfolio = {
    enable = true;
    host = "127.0.0.1";
    inherit port;
    baseUrl = "https://portfolio.${config.qgroget.server.domain}";
  };

  # Extra hardening on top of the unit shipped by the portfolio module.
  systemd.services.portfolio.serviceConfig = {
    ProtectSystem = lib.mkForce "strict";
    ProtectHome = true;
    PrivateTmp = true;
    NoNewPrivileges = true;
  };

  qgroget.services.portfolio = {
    name = "portfolio";
    url = "http://127.0.0.1:${toString port}";
    type = "public";
    middlewares = ["rate-limit"];
    unitName = "portfolio.service";
  };
}
