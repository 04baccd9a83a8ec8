//! The root `settings.nix`: the global `qgroget` options and the settings
//! every host derives from them.

use crate::catalog::{APP_CATEGORIES, DESKTOP_ENVIRONMENTS, LOGIN_MANAGERS, THEMES};
use crate::code::{quote, Code};

pub(crate) fn settings_nix() -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, ... }:");
    code.open("let");
    code.line("inherit (lib) mkEnableOption mkOption types;");
    code.line("cfg = config.qgroget;");
    code.close("in");
    code.open("{");
    code.open("options.qgroget = {");
    top_level_options(&mut code);
    code.open("nixos = {");
    nixos_options(&mut code);
    code.close("};");
    code.close("};");
    code.blank();
    derived_config(&mut code);
    code.close("}");
    code.finish()
}

/// Declares `name = mkOption { type; default; description; };`.
fn option(code: &mut Code, name: &str, option_type: &str, default: &str, description: &str) {
    code.open(&format!("{name} = mkOption {{"));
    code.line(&format!("type = {option_type};"));
    code.line(&format!("default = {default};"));
    code.line(&format!("description = {};", quote(description)));
    code.close("};");
}

fn enable_option(code: &mut Code, name: &str, description: &str) {
    code.line(&format!("{name} = mkEnableOption {};", quote(description)));
}

fn enum_type(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| quote(value)).collect();
    format!("types.enum [ {} ]", quoted.join(" "))
}

fn top_level_options(code: &mut Code) {
    option(
        code,
        "secretAgeKeyPath",
        "types.str",
        "\"/var/lib/sops/age/keys.txt\"",
        "Path of the age key sops-nix decrypts secrets with.",
    );
    option(
        code,
        "user.username",
        "types.str",
        "\"strange\"",
        "Name of the main user.",
    );
}

fn nixos_options(code: &mut Code) {
    option(
        code,
        "isDesktop",
        "types.bool",
        "false",
        "Whether this host is a desktop.",
    );
    enable_option(code, "auto-update", "automatic system upgrades");
    option(
        code,
        "theme",
        &enum_type(THEMES),
        "\"wide\"",
        "Theme layout.",
    );
    desktop_options(code);
    remote_access_options(code);
    app_options(code);
    enable_option(code, "gaming", "gaming support");
    enable_option(code, "vr", "VR support");
}

fn desktop_options(code: &mut Code) {
    code.open("desktop = {");
    let environment_type = enum_type(DESKTOP_ENVIRONMENTS);
    let login_type = enum_type(LOGIN_MANAGERS);
    option(
        code,
        "desktopEnvironment",
        &environment_type,
        "\"niri\"",
        "Desktop environment.",
    );
    option(
        code,
        "loginManager",
        &login_type,
        "\"gdm\"",
        "Login manager.",
    );
    option(
        code,
        "monitors",
        "types.listOf types.str",
        "[ \", preferred, auto, 1\" ]",
        "Monitor lines in Hyprland syntax.",
    );
    code.close("};");
}

fn remote_access_options(code: &mut Code) {
    code.open("remote-access = {");
    enable_option(code, "enable", "remote access");
    enable_option(code, "tailscale.enable", "Tailscale");
    enable_option(code, "sunshine.enable", "Sunshine game streaming");
    code.close("};");
}

fn app_options(code: &mut Code) {
    code.open("apps = {");
    for category in APP_CATEGORIES {
        enable_option(code, category.option, category.description);
    }
    code.close("};");
}

fn derived_config(code: &mut Code) {
    code.open("config = {");
    code.open("sops = {");
    code.line("defaultSopsFile = ./secrets/secrets.yaml;");
    code.line("age.keyFile = cfg.secretAgeKeyPath;");
    code.close("};");
    code.line(
        "services.tailscale.enable = lib.mkDefault cfg.nixos.remote-access.tailscale.enable;",
    );
    code.line("system.autoUpgrade.enable = lib.mkDefault cfg.nixos.auto-update;");
    code.close("};");
}
