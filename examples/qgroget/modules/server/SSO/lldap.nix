{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.server) domain;
  port = 17170;
  stateDir = "/var/lib/lldap";
  baseDN = lib.concatMapStringsSep "," (part: "dc=${part}") (lib.splitString "." domain);
in {
  # A static user so that sops-nix can hand it its secrets.
  users = {
    users.lldap = {
      isSystemUser = true;
      group = "lldap";
    };
    groups.lldap = {};
  };

  sops.secrets = {
    "lldap/jwt_secret" = {
      owner = "lldap";
      restartUnits = ["lldap.service"];
    };
    "lldap/admin_password" = {
      owner = "lldap";
      restartUnits = ["lldap.service"];
    };
  };

  services.lldap = {
    enable = true;
    settings = {
      http_host = "127.0.0.1";
      http_port = port;
      http_url = "https://users.${domain}";
      ldap_host = "127.0.0.1";
      ldap_port = 3890;
      ldap_base_dn = baseDN;
      ldap_user_dn = "admin";
      database_url = "sqlite://${stateDir}/users.db?mode=rwc";
    };
    environment = {
      LLDAP_JWT_SECRET_FILE = config.sops.secrets."lldap/jwt_secret".path;
      LLDAP_LDAP_USER_PASS_FILE = config.sops.secrets."lldap/admin_password".path;
    };
  };

  systemd.services.lldap.serviceConfig = {
    DynamicUser = lib.mkForce false;
    User = "lldap";
    Group = "lldap";
  };

  qgroget.services.lldap = {
    name = "users";
    url = "http://127.0.0.1:${toString port}";
    persistedData = [stateDir];
    backupDirectories = [stateDir];
    journalctl = true;
    unitName = "lldap.service";
  };
}
