# CouchDB backend for Obsidian LiveSync.
{config, ...}: let
  port = 5984;
  stateDir = "/var/lib/couchdb";
in {
  # [admins] section with the admin password, kept out of the store.
  sops.secrets."obsidian/couchdb_admin" = {
    owner = "couchdb";
    restartUnits = ["couchdb.service"];
  };

  services.couchdb = {
    enable = true;
    bindAddress = "127.0.0.1";
    inherit port;
    databaseDir = stateDir;
    viewIndexDir = stateDir;
    extraConfigFiles = [config.sops.secrets."obsidian/couchdb_admin".path];
    extraConfig = {
      couchdb = {
        single_node = true;
        max_document_size = 50000000;
      };
      chttpd = {
        require_valid_user = true;
        max_http_request_size = 4294967296;
        enable_cors = true;
      };
      chttpd_auth.require_valid_user = true;
      httpd.WWW-Authenticate = ''Basic realm="couchdb"'';
      cors = {
        origins = "app://obsidian.md,capacitor://localhost,http://localhost";
        credentials = true;
        headers = "accept, authorization, content-type, origin, referer";
        methods = "GET, PUT, POST, HEAD, DELETE";
        max_age = 3600;
      };
    };
  };

  qgroget.services.obsidian = {
    name = "obsidian";
    url = "http://127.0.0.1:${toString port}";
    # The Obsidian apps speak to CouchDB directly (basic auth).
    type = "public";
    middlewares = ["rate-limit"];
    persistedData = [stateDir];
    backupDirectories = [stateDir];
    unitName = "couchdb.service";
  };
}
