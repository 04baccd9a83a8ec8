//! `qg-fleetgen` writes large synthetic NixOS fleets for qg's benchmarks and tests.
//!
//! A generated fleet has the shape of the QGroget configuration: a `flake.nix`
//! with `commonModules` / `desktopModules` / `serverModules` and a `mkSystem`
//! helper, global `qgroget` options in `settings.nix`, server modules that
//! register `qgroget.services` and `qgroget.backups` (consumed by traefik,
//! backup and persistence modules), desktop application modules, per-host
//! configuration, and a sops `secrets/secrets.yaml` whose keys are exactly the
//! secrets the modules declare.
//!
//! The output is deterministic (a fixed-seed PRNG, no clock, no randomness)
//! and clean: every file parses, every variable is bound, no binding or
//! lambda formal is unused (except the conventional module arguments), and
//! all cross-references (secrets, owners, subdomains, ports, persisted
//! paths) are consistent, so qg should report nothing on it.
//!
//! ```no_run
//! let shape = qg_fleetgen::FleetShape::with_modules(1000);
//! let fleet = qg_fleetgen::generate(std::path::Path::new("/tmp/fleet"), &shape)?;
//! assert_eq!(fleet.nix_files, 1000);
//! # Ok::<(), std::io::Error>(())
//! ```

mod catalog;
mod code;
mod emit;
mod output;
mod plan;
mod rng;
#[cfg(test)]
mod tests;

use std::io;
use std::path::{Path, PathBuf};

use emit::{FIXED_NIX_FILES, NIX_FILES_PER_HOST};

/// How big a fleet to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleetShape {
    /// Number of hosts; at least one (`server0`) is always generated.
    pub hosts: usize,
    /// Number of `modules/server/services/svcNNNN.nix` files.
    pub service_modules: usize,
    /// Number of sops secrets. Every service declares at least one, so the
    /// fleet has `max(secrets, service_modules)` secrets (none without services).
    pub secrets: usize,
    /// Number of `modules/desktop/appNNN.nix` files.
    pub desktop_modules: usize,
}

impl FleetShape {
    /// A realistic shape whose fleet has `total` `.nix` files (exactly, for
    /// `total >= 9`; smaller fleets cannot be generated): one host per ~40
    /// modules, a tenth desktop modules, the rest services, ~2.25 secrets per
    /// service.
    pub fn with_modules(total: usize) -> FleetShape {
        let budget = total.saturating_sub(FIXED_NIX_FILES);
        let hosts = (budget / 40).max(1);
        let desktop_modules = budget / 10;
        let service_modules = budget.saturating_sub(hosts * NIX_FILES_PER_HOST + desktop_modules);
        FleetShape {
            hosts,
            service_modules,
            secrets: service_modules * 9 / 4,
            desktop_modules,
        }
    }

    /// The number of `.nix` files [`generate`] writes for this shape.
    pub fn nix_file_count(&self) -> usize {
        FIXED_NIX_FILES
            + self.hosts.max(1) * NIX_FILES_PER_HOST
            + self.service_modules
            + self.desktop_modules
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFleet {
    /// The fleet's root directory (the one holding `flake.nix`).
    pub root: PathBuf,
    /// Number of `.nix` files written.
    pub nix_files: usize,
    /// Host names, in `nixosConfigurations` order.
    pub hosts: Vec<String>,
    /// Number of service modules.
    pub services: usize,
    /// Number of secrets declared (and present in `secrets/secrets.yaml`).
    pub secrets: usize,
}

/// Writes a complete fleet of the given shape into `out_dir`.
///
/// `out_dir` is created, or emptied and recreated when it already holds a
/// fleet (or nothing). A non-empty directory without a `flake.nix` is refused
/// with [`io::ErrorKind::AlreadyExists`] instead of being wiped.
pub fn generate(out_dir: &Path, shape: &FleetShape) -> io::Result<GeneratedFleet> {
    let plan = plan::FleetPlan::new(shape)?;
    let mut dir = output::FleetDir::prepare(out_dir)?;
    emit::write_fleet(&plan, &mut dir)?;
    Ok(GeneratedFleet {
        root: dir.root().to_path_buf(),
        nix_files: dir.nix_files(),
        hosts: plan.hosts.iter().map(|host| host.name.clone()).collect(),
        services: plan.services.len(),
        secrets: plan.secret_count(),
    })
}
