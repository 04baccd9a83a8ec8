//! `modules/desktop/appNNN.nix`: a desktop application module gated by
//! `qgroget.nixos.apps.<category>`.

use crate::code::Code;
use crate::plan::AppPlan;
use crate::rng::Rng;

pub(crate) fn app_nix(app: &AppPlan) -> String {
    let mut code = Code::nix();
    code.line("{ config, lib, pkgs, ... }:");
    code.open("let");
    code.line("inherit (config.qgroget.user) username;");
    code.close("in");
    code.open("{");
    code.open(&format!(
        "config = lib.mkIf config.qgroget.nixos.apps.{} {{",
        app.category.option
    ));
    environment(&mut code, app);
    let variable = format!("{}_DATA", app.id.to_uppercase());
    code.line(&format!(
        "home-manager.users.${{username}}.home.sessionVariables.{variable} = \"/home/${{username}}/.local/share/{}\";",
        app.id
    ));
    if app_uses_flatpak(app) {
        code.line("services.flatpak.enable = lib.mkDefault true;");
    }
    code.close("};");
    code.close("}");
    code.finish()
}

fn app_uses_flatpak(app: &AppPlan) -> bool {
    app.id.ends_with(['0', '3', '6', '9'])
}

fn environment(code: &mut Code, app: &AppPlan) {
    code.open("environment = {");
    let packages = chosen_packages(app);
    code.list(
        "systemPackages",
        packages.iter().map(|name| format!("pkgs.{name}")),
    );
    code.open(&format!("etc.\"qgroget/{}.conf\".text = ''", app.id));
    code.line(&format!(
        "# {} ({}), generated for ${{username}}",
        app.id, app.category.description
    ));
    code.line("theme=${config.qgroget.nixos.theme}");
    code.line("desktop=${config.qgroget.nixos.desktop.desktopEnvironment}");
    code.close("'';");
    code.close("};");
}

/// One to three distinct packages of the app's category.
fn chosen_packages(app: &AppPlan) -> Vec<&'static str> {
    let available = app.category.packages;
    let mut rng = Rng::for_label(&app.id);
    let wanted = rng.between(1, available.len().min(3));
    let start = rng.below(available.len());
    (0..wanted)
        .map(|offset| available[(start + offset) % available.len()])
        .collect()
}
