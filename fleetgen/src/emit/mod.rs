//! Renders a [`FleetPlan`] into file contents, one function per kind of file.

mod desktop;
mod flake;
mod host;
mod server;
mod service;
mod settings;
mod sops;

use std::io;

use crate::output::FleetDir;
use crate::plan::FleetPlan;

/// `.nix` files every fleet has regardless of its shape.
pub(crate) const FIXED_NIX_FILES: usize = 6;
/// `.nix` files written for each host.
pub(crate) const NIX_FILES_PER_HOST: usize = 3;

pub(crate) fn write_fleet(plan: &FleetPlan, dir: &mut FleetDir) -> io::Result<()> {
    write_shared_files(plan, dir)?;
    for host in &plan.hosts {
        let host_dir = format!("hosts/{}", host.name);
        dir.write(
            &format!("{host_dir}/configuration.nix"),
            &host::configuration_nix(plan, host),
        )?;
        dir.write(
            &format!("{host_dir}/settings.nix"),
            &host::settings_nix(host),
        )?;
        let hardware = host::hardware_configuration_nix(host);
        dir.write(&format!("{host_dir}/hardware-configuration.nix"), &hardware)?;
    }
    for service in &plan.services {
        let path = format!("modules/server/services/{}.nix", service.id);
        dir.write(&path, &service::service_nix(service))?;
    }
    for app in &plan.apps {
        dir.write(
            &format!("modules/desktop/{}.nix", app.id),
            &desktop::app_nix(app),
        )?;
    }
    Ok(())
}

fn write_shared_files(plan: &FleetPlan, dir: &mut FleetDir) -> io::Result<()> {
    dir.write("flake.nix", &flake::flake_nix(plan))?;
    dir.write("settings.nix", &settings::settings_nix())?;
    dir.write("modules/server/options.nix", &server::options_nix())?;
    dir.write("modules/server/traefik/default.nix", &server::traefik_nix())?;
    dir.write("modules/server/backup/default.nix", &server::backup_nix())?;
    dir.write("modules/server/persistence.nix", &server::persistence_nix())?;
    dir.write("secrets/secrets.yaml", &sops::secrets_yaml(plan))?;
    dir.write(".sops.yaml", &sops::sops_config_yaml(plan))?;
    Ok(())
}
