{...}: let
  port = 5055;
in {
  services.jellyseerr = {
    enable = true;
    inherit port;
  };

  qgroget.services.jellyseerr = {
    name = "requests";
    url = "http://127.0.0.1:${toString port}";
    # Logs in with Jellyfin accounts.
    type = "public";
    middlewares = ["rate-limit"];
    # DynamicUser state: /var/lib/private/jellyseerr (persisted with /var/lib/private).
    backupDirectories = ["/var/lib/private/jellyseerr/config"];
    unitName = "jellyseerr.service";
  };
}
