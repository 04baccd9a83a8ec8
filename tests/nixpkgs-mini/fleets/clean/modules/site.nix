# The fleet's own module: a site served by the web server, with its own job.
{ config, lib, pkgs, ... }:
let
  cfg = config.site;
in
{
  options.site = {
    domain = lib.mkOption {
      type = lib.types.str;
      description = "The site's domain.";
    };
    root = lib.mkOption {
      type = lib.types.path;
      default = "/srv/site";
      description = "The files served.";
    };
  };

  config = {
    services.webserver = {
      enable = true;
      virtualHosts.${cfg.domain} = {
        root = cfg.root;
        aliases = [ "www.${cfg.domain}" ];
      };
      extraConfig = lib.mkAfter "gzip on";
    };
    systemd.services.site-sync = {
      description = "Copies the site into ${cfg.root}";
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" ];
      serviceConfig = {
        Type = "oneshot";
        User = config.services.webserver.user;
      };
      script = "echo syncing ${cfg.root}";
    };
    systemd.timers.site-sync = {
      wantedBy = [ "timers.target" ];
      timerConfig.OnCalendar = "hourly";
    };
  };
}
