//! `qg-check show` and `--list-hosts` on the example fleet: the merged values of every
//! `qgroget.*` option of every host, as NixOS would merge them.

mod support;

use expect_test::{expect, Expect};

use support::{qg_check, workspace_root};

fn run(args: &[&str], expected: Expect) {
    let fleet = workspace_root().join("examples/qgroget");
    let output = qg_check(&fleet, args);
    assert!(
        output.status.success(),
        "qg-check {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    expected.assert_eq(&String::from_utf8(output.stdout).unwrap());
}

#[test]
fn lists_the_hosts() {
    run(
        &["--list-hosts"],
        expect![[r#"
            Clovis           x86_64-linux   10 modules, 48 after imports (39 files, 9 external)
            Cube             aarch64-linux  9 modules, 38 after imports (31 files, 7 external)
            Septimius        x86_64-linux   10 modules, 48 after imports (39 files, 9 external)
            Server           x86_64-linux   13 modules, 72 after imports (60 files, 12 external)
        "#]],
    );
}

#[test]
fn server_options() {
    run(
        &["show", "Server", "qgroget"],
        expect![[r#"
        { backups = { authelia = { paths = [ "/var/lib/authelia-main" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "authelia-main.service" ]; }; bazarr = { paths = [ "/var/lib/bazarr/backup" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "bazarr.service" ]; }; immich = { paths = [ "/mnt/data/immich/library" "/mnt/data/immich/upload" "/mnt/data/immich/profile" ]; postBackup = ""; preBackup = ""; priority = 20; systemdUnits = [ ]; }; jellyfin = { paths = [ "/var/lib/jellyfin/config" "/var/lib/jellyfin/data" ]; postBackup = ""; preBackup = ""; priority = 50; systemdUnits = [ "jellyfin.service" ]; }; jellyseerr = { paths = [ "/var/lib/private/jellyseerr/config" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "jellyseerr.service" ]; }; lldap = { paths = [ "/var/lib/lldap" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "lldap.service" ]; }; obsidian = { paths = [ "/var/lib/couchdb" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "couchdb.service" ]; }; postgresql = { paths = [ "/var/backup/postgresql" ]; postBackup = ""; preBackup = "${«unknown: an option qg does not know»}/bin/systemctl start postgresqlBackup.service\n"; priority = 10; systemdUnits = [ ]; }; prowlarr = { paths = [ "/var/lib/private/prowlarr/Backups" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "prowlarr.service" ]; }; qbittorrent = { paths = [ "/var/lib/qBittorrent/qBittorrent/config" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "qbittorrent.service" ]; }; radarr = { paths = [ "/var/lib/radarr/.config/Radarr/Backups" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "radarr.service" ]; }; sonarr = { paths = [ "/var/lib/sonarr/.config/NzbDrone/Backups" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "sonarr.service" ]; }; syncthing = { paths = [ "/mnt/data/syncthing" ]; postBackup = ""; preBackup = ""; priority = 100; systemdUnits = [ "syncthing.service" ]; }; vaultwarden = { paths = [ "/var/lib/vaultwarden" ]; postBackup = ""; preBackup = ""; priority = 0; systemdUnits = [ "vaultwarden.service" ]; }; }; nixos = { apps = { basic = true; crypto = false; dev = { enable = true; }; media = false; school = false; }; auto-update = true; desktop = { desktopEnvironment = "niri"; loginManager = "greetd"; monitors = [ ", preferred, auto, 1" ]; }; gaming = false; isDesktop = false; remote-access = { enable = true; sunshine = { enable = false; }; tailscale = { enable = true; }; }; theme = "gruvbox"; vr = false; }; secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt"; server = { acmeEmail = "admin@qgroget.com"; domain = "qgroget.com"; lanAddress = "192.168.1.10"; }; services = { adguardhome = { backupDirectories = [ ]; journalctl = false; middlewares = [ ]; name = "dns"; persistedData = [ ]; traefikDynamicConfig = { }; type = "private"; unitName = "adguardhome.service"; url = "http://127.0.0.1:3000"; }; authelia = { backupDirectories = [ "/var/lib/authelia-main" ]; journalctl = true; middlewares = [ "rate-limit" ]; name = "auth"; persistedData = [ "/var/lib/authelia-main" ]; traefikDynamicConfig = { }; type = "public"; unitName = "authelia-main.service"; url = "http://127.0.0.1:9091"; }; bazarr = { backupDirectories = [ "/var/lib/bazarr/backup" ]; journalctl = false; middlewares = [ ]; name = "bazarr"; persistedData = [ "/var/lib/bazarr" ]; traefikDynamicConfig = { }; type = "private"; unitName = "bazarr.service"; url = "http://127.0.0.1:6767"; }; homepage = { backupDirectories = [ ]; journalctl = false; middlewares = [ ]; name = "dashboard"; persistedData = [ ]; traefikDynamicConfig = { }; type = "private"; unitName = "homepage-dashboard.service"; url = "http://127.0.0.1:8082"; }; immich = { backupDirectories = [ "/mnt/data/immich/library" "/mnt/data/immich/upload" "/mnt/data/immich/profile" ]; journalctl = true; middlewares = [ ]; name = "photos"; persistedData = [ "/var/lib/redis-immich" ]; traefikDynamicConfig = { http = { serversTransports = { immich = { forwardingTimeouts = { responseHeaderTimeout = "600s"; }; }; }; services = { immich = { loadBalancer = { serversTransport = "immich"; }; }; }; }; }; type = "public"; unitName = "immich-server.service"; url = "http://127.0.0.1:2283"; }; jellyfin = { backupDirectories = [ "/var/lib/jellyfin/config" "/var/lib/jellyfin/data" ]; journalctl = true; middlewares = [ "jellyfin-headers" "rate-limit" ]; name = "jellyfin"; persistedData = [ "/var/lib/jellyfin" ]; traefikDynamicConfig = { http = { middlewares = { jellyfin-headers = { headers = { contentSecurityPolicy = "frame-ancestors 'self' https://*.qgroget.com"; customResponseHeaders = { X-Robots-Tag = "noindex,nofollow"; }; }; }; }; }; }; type = "public"; unitName = "jellyfin.service"; url = "http://127.0.0.1:8096"; }; jellyseerr = { backupDirectories = [ "/var/lib/private/jellyseerr/config" ]; journalctl = false; middlewares = [ "rate-limit" ]; name = "requests"; persistedData = [ ]; traefikDynamicConfig = { }; type = "public"; unitName = "jellyseerr.service"; url = "http://127.0.0.1:5055"; }; lldap = { backupDirectories = [ "/var/lib/lldap" ]; journalctl = true; middlewares = [ ]; name = "users"; persistedData = [ "/var/lib/lldap" ]; traefikDynamicConfig = { }; type = "private"; unitName = "lldap.service"; url = "http://127.0.0.1:17170"; }; obsidian = { backupDirectories = [ "/var/lib/couchdb" ]; journalctl = false; middlewares = [ "rate-limit" ]; name = "obsidian"; persistedData = [ "/var/lib/couchdb" ]; traefikDynamicConfig = { }; type = "public"; unitName = "couchdb.service"; url = "http://127.0.0.1:5984"; }; portfolio = { backupDirectories = [ ]; journalctl = false; middlewares = [ "rate-limit" ]; name = "portfolio"; persistedData = [ ]; traefikDynamicConfig = { }; type = "public"; unitName = "portfolio.service"; url = "http://127.0.0.1:3001"; }; prowlarr = { backupDirectories = [ "/var/lib/private/prowlarr/Backups" ]; journalctl = false; middlewares = [ ]; name = "prowlarr"; persistedData = [ ]; traefikDynamicConfig = { }; type = "private"; unitName = "prowlarr.service"; url = "http://127.0.0.1:9696"; }; qbittorrent = { backupDirectories = [ "/var/lib/qBittorrent/qBittorrent/config" ]; journalctl = false; middlewares = [ ]; name = "torrent"; persistedData = [ "/var/lib/qBittorrent" ]; traefikDynamicConfig = { }; type = "private"; unitName = "qbittorrent.service"; url = "http://127.0.0.1:8080"; }; radarr = { backupDirectories = [ "/var/lib/radarr/.config/Radarr/Backups" ]; journalctl = false; middlewares = [ ]; name = "radarr"; persistedData = [ "/var/lib/radarr" ]; traefikDynamicConfig = { }; type = "private"; unitName = "radarr.service"; url = "http://127.0.0.1:7878"; }; slskd = { backupDirectories = [ ]; journalctl = false; middlewares = [ ]; name = "soulseek"; persistedData = [ "/var/lib/slskd" ]; traefikDynamicConfig = { }; type = "private"; unitName = "slskd.service"; url = "http://127.0.0.1:5030"; }; sonarr = { backupDirectories = [ "/var/lib/sonarr/.config/NzbDrone/Backups" ]; journalctl = false; middlewares = [ ]; name = "sonarr"; persistedData = [ "/var/lib/sonarr" ]; traefikDynamicConfig = { }; type = "private"; unitName = "sonarr.service"; url = "http://127.0.0.1:8989"; }; syncthing = { backupDirectories = [ "/mnt/data/syncthing" ]; journalctl = false; middlewares = [ ]; name = "sync"; persistedData = [ "/var/lib/syncthing" ]; traefikDynamicConfig = { }; type = "private"; unitName = "syncthing.service"; url = "http://127.0.0.1:8384"; }; vaultwarden = { backupDirectories = [ "/var/lib/vaultwarden" ]; journalctl = true; middlewares = [ "rate-limit" ]; name = "vault"; persistedData = [ "/var/lib/vaultwarden" ]; traefikDynamicConfig = { }; type = "public"; unitName = "vaultwarden.service"; url = "http://127.0.0.1:4743"; }; }; user = { username = "strange"; }; }
    "#]],
    );
}

#[test]
fn clovis_options() {
    run(
        &["show", "Clovis", "qgroget"],
        expect![[r#"
        { nixos = { apps = { basic = true; crypto = true; dev = { enable = true; }; media = true; school = false; }; auto-update = false; desktop = { desktopEnvironment = "niri"; loginManager = "greetd"; monitors = [ "DP-1, 2560x1440@165, 0x0, 1" "HDMI-A-1, 1920x1080@60, 2560x0, 1" ]; }; gaming = true; isDesktop = true; remote-access = { enable = true; sunshine = { enable = true; }; tailscale = { enable = true; }; }; theme = "wide"; vr = true; }; secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt"; user = { username = "strange"; }; }
    "#]],
    );
}

#[test]
fn septimius_options() {
    run(
        &["show", "Septimius", "qgroget"],
        expect![[r#"
        { nixos = { apps = { basic = true; crypto = false; dev = { enable = true; }; media = true; school = true; }; auto-update = true; desktop = { desktopEnvironment = "hyprland"; loginManager = "ly"; monitors = [ "eDP-1, 1920x1200@60, 0x0, 1.25" ", preferred, auto, 1" ]; }; gaming = false; isDesktop = true; remote-access = { enable = true; sunshine = { enable = false; }; tailscale = { enable = true; }; }; theme = "nord"; vr = false; }; secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt"; user = { username = "strange"; }; }
    "#]],
    );
}

#[test]
fn cube_options() {
    run(
        &["show", "Cube", "qgroget"],
        expect![[r#"
        { nixos = { apps = { basic = true; crypto = false; dev = { enable = false; }; media = false; school = false; }; auto-update = true; desktop = { desktopEnvironment = "niri"; loginManager = "greetd"; monitors = [ ", preferred, auto, 1" ]; }; gaming = false; isDesktop = false; remote-access = { enable = true; sunshine = { enable = false; }; tailscale = { enable = false; }; }; theme = "rose-pine"; vr = false; }; secretAgeKeyPath = "/var/lib/sops/age/keys.txt"; user = { username = "pi"; }; }
    "#]],
    );
}

#[test]
fn one_service_with_its_definitions() {
    run(
        &[
            "show",
            "Server",
            "qgroget.services.jellyfin.middlewares",
            "--definitions",
        ],
        expect![[r#"
            [ "jellyfin-headers" "rate-limit" ]

            Definitions of `qgroget.services.jellyfin.middlewares' (merge order; * = used):
            * modules/server/media/video/jellyfin.nix:65  priority 100: [ "jellyfin-headers" "rate-limit" ]
              modules/server/options.nix:49  priority 1500 (default): [ ]
        "#]],
    );
    run(
        &["show", "Server", "qgroget.server.domain", "--definitions"],
        expect![[r#"
            "qgroget.com"

            Definitions of `qgroget.server.domain' (merge order; * = used):
            * hosts/Server/settings.nix:27  priority 100: "qgroget.com"
              modules/server/options.nix:112  priority 1500 (default): "qgroget.com"
        "#]],
    );
    run(
        &[
            "show",
            "Server",
            "qgroget.backups.jellyfin",
            "--definitions",
        ],
        expect![[r#"
            { paths = [ "/var/lib/jellyfin/config" "/var/lib/jellyfin/data" ]; postBackup = ""; preBackup = ""; priority = 50; systemdUnits = [ "jellyfin.service" ]; }

            Definitions of `qgroget.backups.jellyfin' (merge order; * = used):
            * modules/server/media/video/jellyfin.nix:77  priority 100: { ... }
              modules/server/backup/default.nix:52  priority 1000: { ... }
        "#]],
    );
}

#[test]
fn facts_list_what_the_packs_find() {
    run(
        &["facts", "Server", "--kind", "port"],
        expect![[r#"
            entity     port             8191/tcp                             modules/server/arrs/flaresolverr.nix:7           virtualisation.quadlet.containers.flaresolverr.containerConfig.publishPorts
            entity     port             4743/tcp                             modules/server/password-manager/vaultwarden.nix:15 virtualisation.quadlet.containers.vaultwarden.containerConfig.publishPorts
            entity     port             80/tcp                               modules/server/traefik/default.nix:108           services.traefik.staticConfigOptions.entryPoints.web.address
            entity     port             443/tcp                              modules/server/traefik/default.nix:115           services.traefik.staticConfigOptions.entryPoints.websecure.address
            entity     port             3000/tcp                             modules/server/dns/default.nix:31                services.adguardhome.port
            entity     port             5984/tcp                             modules/server/misc/obsidian.nix:15              services.couchdb.port
            entity     port             2283/tcp                             modules/server/media/photo/immich.nix:8          services.immich.port
            entity     port             8082/tcp                             modules/server/dashboard/default.nix:26          services.homepage-dashboard.listenPort
            entity     port             8384/tcp                             modules/server/misc/syncthing.nix:23             services.syncthing.guiAddress
        "#]],
    );
    let fleet = workspace_root().join("examples/qgroget");
    let output = qg_check(&fleet, &["facts", "Nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no host `Nowhere`; hosts: Clovis"));
}

#[test]
fn facts_list_the_sops_secrets() {
    run(
        &["facts", "Cube", "--kind", "secret"],
        expect![[r#"
        secret     sops             tailscale/auth_key                   (place unknown)                                  key `tailscale/auth_key` of secrets/secrets.yaml
        secret     sops             user/hashed_password                 modules/shared/users.nix:10                      key `user/hashed_password` of secrets/secrets.yaml
    "#]],
    );
}

#[test]
fn facts_in_json_give_places_as_file_and_line() {
    let fleet = workspace_root().join("examples/qgroget");
    let output = qg_check(
        &fleet,
        &["facts", "Server", "--kind", "secret", "--format", "json"],
    );
    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["entities"], serde_json::json!([]));
    let secrets = doc["secrets"].as_array().unwrap();
    let tailscale = secrets
        .iter()
        .find(|s| s["name"] == "tailscale/auth_key")
        .expect("the secret of remote-access.nix");
    assert_eq!(
        tailscale["place"],
        serde_json::json!({ "file": "modules/shared/remote-access.nix", "line": 22 })
    );
    assert_eq!(tailscale["key"], "tailscale/auth_key");
    assert_eq!(tailscale["has_key"], false);
}
