{
  config,
  lib,
  ...
}: let
  inherit (config.qgroget.server) domain;
  port = 9091;
  stateDir = "/var/lib/authelia-main";
  baseDN = lib.concatMapStringsSep "," (part: "dc=${part}") (lib.splitString "." domain);
  secret = name: config.sops.secrets."authelia/${name}".path;
in {
  users = {
    users.authelia = {
      isSystemUser = true;
      group = "authelia";
    };
    groups.authelia = {};
  };

  sops.secrets =
    lib.genAttrs [
      "authelia/jwt_secret"
      "authelia/storage_key"
      "authelia/session_secret"
      "authelia/ldap_password"
    ] (_: {
      owner = "authelia";
      restartUnits = ["authelia-main.service"];
    });

  services.authelia.instances.main = {
    enable = true;
    user = "authelia";
    group = "authelia";

    secrets = {
      jwtSecretFile = secret "jwt_secret";
      storageEncryptionKeyFile = secret "storage_key";
      sessionSecretFile = secret "session_secret";
    };

    # Password of the LLDAP bind user.
    environmentVariables.AUTHELIA_AUTHENTICATION_BACKEND_LDAP_PASSWORD_FILE = secret "ldap_password";

    settings = {
      theme = "dark";
      server.address = "tcp://127.0.0.1:${toString port}";
      log.level = "info";
      totp.issuer = domain;

      authentication_backend.ldap = {
        implementation = "lldap";
        address = "ldap://127.0.0.1:3890";
        base_dn = baseDN;
        user = "uid=authelia,ou=people,${baseDN}";
      };

      access_control = {
        default_policy = "deny";
        rules = [
          {
            domain = ["*.${domain}"];
            subject = ["group:lldap_admin"];
            policy = "two_factor";
          }
          {
            domain = ["*.${domain}"];
            subject = ["group:family"];
            policy = "one_factor";
          }
        ];
      };

      session.cookies = [
        {
          inherit domain;
          authelia_url = "https://auth.${domain}";
          default_redirection_url = "https://dashboard.${domain}";
        }
      ];

      regulation = {
        max_retries = 5;
        find_time = "2m";
        ban_time = "10m";
      };

      storage.local.path = "${stateDir}/db.sqlite3";
      notifier.filesystem.filename = "${stateDir}/notifications.txt";
    };
  };

  qgroget.services.authelia = {
    name = "auth";
    url = "http://127.0.0.1:${toString port}";
    # The login portal itself cannot sit behind SSO.
    type = "public";
    middlewares = ["rate-limit"];
    persistedData = [stateDir];
    backupDirectories = [stateDir];
    journalctl = true;
    unitName = "authelia-main.service";
  };
}
