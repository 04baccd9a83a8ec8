//! Fixed tables the generator draws from: kinds of self-hosted services,
//! desktop application categories, secret names and desktop choices.

/// A kind of self-hosted web service, run natively or as a container.
pub(crate) struct ServiceKind {
    /// Used in the subdomain and descriptions, e.g. `wiki`.
    pub(crate) label: &'static str,
    /// The nixpkgs attribute run by the systemd variant.
    pub(crate) package: &'static str,
    /// The OCI image run by the quadlet variant.
    pub(crate) image: &'static str,
    /// The port the image listens on inside its container.
    pub(crate) container_port: u16,
}

pub(crate) const SERVICE_KINDS: &[ServiceKind] = &[
    ServiceKind {
        label: "git",
        package: "gitea",
        image: "docker.io/gitea/gitea:1.22",
        container_port: 3000,
    },
    ServiceKind {
        label: "wiki",
        package: "wiki-js",
        image: "ghcr.io/requarks/wiki:2",
        container_port: 3000,
    },
    ServiceKind {
        label: "metrics",
        package: "grafana",
        image: "docker.io/grafana/grafana:11.1.0",
        container_port: 3000,
    },
    ServiceKind {
        label: "notes",
        package: "hedgedoc",
        image: "quay.io/hedgedoc/hedgedoc:1.10.0",
        container_port: 3000,
    },
    ServiceKind {
        label: "rss",
        package: "miniflux",
        image: "docker.io/miniflux/miniflux:2.1.4",
        container_port: 8080,
    },
    ServiceKind {
        label: "paste",
        package: "microbin",
        image: "docker.io/danielszabo99/microbin:2.0.4",
        container_port: 8080,
    },
    ServiceKind {
        label: "status",
        package: "uptime-kuma",
        image: "docker.io/louislam/uptime-kuma:1",
        container_port: 3001,
    },
    ServiceKind {
        label: "files",
        package: "filebrowser",
        image: "docker.io/filebrowser/filebrowser:v2.30.0",
        container_port: 80,
    },
    ServiceKind {
        label: "books",
        package: "calibre-web",
        image: "lscr.io/linuxserver/calibre-web:latest",
        container_port: 8083,
    },
    ServiceKind {
        label: "music",
        package: "navidrome",
        image: "docker.io/deluan/navidrome:0.52.5",
        container_port: 4533,
    },
    ServiceKind {
        label: "recipes",
        package: "mealie",
        image: "ghcr.io/mealie-recipes/mealie:v1.12.0",
        container_port: 9000,
    },
    ServiceKind {
        label: "vault",
        package: "vaultwarden",
        image: "docker.io/vaultwarden/server:latest",
        container_port: 80,
    },
    ServiceKind {
        label: "search",
        package: "searxng",
        image: "docker.io/searxng/searxng:latest",
        container_port: 8080,
    },
    ServiceKind {
        label: "tasks",
        package: "vikunja",
        image: "docker.io/vikunja/vikunja:0.24.1",
        container_port: 3456,
    },
];

/// A category of desktop applications, enabled by `qgroget.nixos.apps.<option>`.
pub(crate) struct AppCategory {
    /// The option path below `qgroget.nixos.apps`, e.g. `media` or `dev.enable`.
    pub(crate) option: &'static str,
    pub(crate) description: &'static str,
    /// nixpkgs attributes installed by modules of this category.
    pub(crate) packages: &'static [&'static str],
}

pub(crate) const APP_CATEGORIES: &[AppCategory] = &[
    AppCategory {
        option: "basic",
        description: "basic desktop applications",
        packages: &["firefox", "kitty", "ripgrep", "fd", "btop"],
    },
    AppCategory {
        option: "school",
        description: "school applications",
        packages: &["libreoffice", "zotero", "anki"],
    },
    AppCategory {
        option: "dev.enable",
        description: "development tools",
        packages: &["git", "neovim", "gcc", "gnumake", "jq"],
    },
    AppCategory {
        option: "media",
        description: "media applications",
        packages: &["vlc", "mpv", "obs-studio"],
    },
    AppCategory {
        option: "crypto",
        description: "cryptocurrency tools",
        packages: &["electrum", "monero-gui"],
    },
    AppCategory {
        option: "office",
        description: "office applications",
        packages: &["thunderbird", "onlyoffice-bin", "keepassxc"],
    },
    AppCategory {
        option: "graphics",
        description: "graphics applications",
        packages: &["gimp", "inkscape", "krita", "darktable"],
    },
    AppCategory {
        option: "music",
        description: "music production tools",
        packages: &["audacity", "ardour", "musescore"],
    },
];

/// Secret names within a service; `/` nests them in the SOPS file.
pub(crate) const SECRET_NAMES: &[&str] = &[
    "env",
    "db/password",
    "api-key",
    "oidc/client-secret",
    "smtp-password",
    "admin-token",
    "db/user",
    "jwt-secret",
    "oidc/client-id",
    "session-secret",
];

pub(crate) const DESKTOP_ENVIRONMENTS: &[&str] = &["niri", "hyprland", "kde", "gnome"];
pub(crate) const LOGIN_MANAGERS: &[&str] = &["dms", "gdm", "ly"];
pub(crate) const THEMES: &[&str] = &["wide", "compact"];

/// The name of the `ordinal`-th secret of a service (names repeat with a suffix).
pub(crate) fn secret_name(ordinal: usize) -> String {
    let base = SECRET_NAMES[ordinal % SECRET_NAMES.len()];
    match ordinal / SECRET_NAMES.len() {
        0 => base.to_string(),
        round => format!("{base}-{}", round + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_are_distinct_and_never_prefix_each_other() {
        let names: Vec<String> = (0..35).map(secret_name).collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(a, b);
                assert!(!b.starts_with(&format!("{a}/")));
                assert!(!a.starts_with(&format!("{b}/")));
            }
        }
    }
}
