//! A classic NixOS configuration (`/etc/nixos/configuration.nix`, a folder without
//! `flake.nix`) checked as one host: `--nixos-config FILE` (and `nixos_config` of the
//! configuration) makes the host `nixosSystem { modules = [ FILE ]; }`, evaluated with
//! qg's lib and no input, as `nixos-rebuild` without flakes evaluates
//! `<nixos-config>` (its `<nixpkgs>` and channels are not read: paths through the search
//! path are unknown, as every input that is not on disk; a nixpkgs it fetches is qg's model
//! of nixpkgs, a pinned fetch in the store is read).
//!
//! The host is named after the file: its stem, or its folder's name for
//! `configuration.nix` and `default.nix` (`/etc/nixos/configuration.nix` is `nixos`).

use std::path::Path;
use std::rc::Rc;

use qg_eval::{EvalResult, Evaluator, Thunk, Value};

use crate::flake::HostEntry;
use crate::modules::context::{make_attrs, HostCtx};
use crate::modules::source::WorkspaceLoader;

/// The host of a classic configuration: its evaluation context and its one entry, made
/// as `lib.nixosSystem` makes a flake's hosts.
pub(crate) fn open(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    file: &str,
) -> EvalResult<(Rc<HostCtx>, Vec<HostEntry>)> {
    let ctx = Rc::new(HostCtx::new(ev, loader, &[])?);
    // A fetched nixpkgs (`import (fetchTarball …) { }`) is qg's model, as in a flake.
    crate::flake::provide_nixpkgs_stand_in(ev, &ctx);
    let path = loader.root().join(file);
    let module = Thunk::value(Value::Path(path.to_string_lossy().into()));
    let args = make_attrs(vec![("modules", Thunk::value(Value::list(vec![module])))]);
    let system = crate::flake::nixos_system_primop();
    let value = ev.call_function(&system, Value::attrs(args))?;
    let entry = HostEntry {
        name: host_name(&path).into(),
        value: Thunk::value(value),
    };
    Ok((ctx, vec![entry]))
}

/// `web` for `hosts/web.nix`; the folder's name for `configuration.nix` and `default.nix`.
pub fn host_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != "configuration" && stem != "default" && !stem.is_empty() {
        return stem;
    }
    file.parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "configuration".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_named_after_the_file_or_its_folder() {
        assert_eq!(
            host_name(Path::new("/etc/nixos/configuration.nix")),
            "nixos"
        );
        assert_eq!(host_name(Path::new("/srv/hosts/web.nix")), "web");
        assert_eq!(host_name(Path::new("/srv/hosts/db/default.nix")), "db");
        assert_eq!(host_name(Path::new("/configuration.nix")), "configuration");
    }
}
