//! Standalone home-manager configurations: `homeConfigurations.<name> =
//! home-manager.lib.homeManagerConfiguration { pkgs; modules; extraSpecialArgs; }`, each
//! one more entry of the flake's hosts, named `homeConfigurations.<name>`, evaluated as
//! home-manager's `modules/default.nix` does: the user's modules with the tree's
//! `modules/modules.nix`, `lib` extended by `modules/lib/stdlib-extended.nix`, and
//! `modulesPath` = the tree's `modules`.
//!
//! Only with home-manager's tree on disk: its model's `onDisk` entry
//! (`models/home-manager.nix`) makes `homeManagerConfiguration` record its argument and the
//! tree. Without the tree the configuration is unknown and is no host: its files get the
//! local lints only.
//!
//! `pkgs` is the one qg makes for the flake's nixpkgs tree (what declarations read of it:
//! `lib`, `path`, `formats`), not the argument's package set, which qg never evaluates;
//! without a nixpkgs tree on disk it is qg's own, and home-manager's modules that import
//! from `pkgs.path` are unknown (the configuration is then incomplete).

use std::rc::Rc;

use qg_eval::{Attrs, EvalResult, Evaluator, Shape, Sym, Thunk, Unknown, Value};

use super::config::{ModuleSet, SetSpec};
use super::context::{attr, make_attrs, HostCtx};
use super::source::WorkspaceLoader;
use crate::flake::HostEntry;

/// Marker attributes of what the model's `homeManagerConfiguration` returns: its argument,
/// and home-manager's tree.
const CONFIGURATION_MARKER: &str = "_qgHomeConfiguration";
const TREE_MARKER: &str = "_qgHomeManager";

/// The output holding standalone home configurations, and the prefix of their host names.
const OUTPUT: &str = "homeConfigurations";

/// The entries of `outputs.homeConfigurations` as hosts: each value is what qg's
/// `nixosSystem` would make of the configuration's argument (so that the host is found
/// as any other), plus home-manager's tree. An entry qg cannot see into is no host, and
/// an output that does not evaluate hides no NixOS host.
pub(crate) fn home_entries(ev: &mut Evaluator<'_>, outputs: &Attrs) -> Vec<HostEntry> {
    let Ok(Some(Value::Attrs(configs))) = attr(ev, outputs, OUTPUT) else {
        return Vec::new();
    };
    configs
        .iter()
        .map(|a| HostEntry {
            name: format!("{OUTPUT}.{}", a.name).into(),
            value: as_host(a.value.clone()),
        })
        .collect()
}

/// A home configuration's value as a host: `nixosSystem`'s record of its argument and the
/// tree, or the value itself when it is not the model's record.
fn as_host(value: Thunk) -> Thunk {
    Thunk::deferred(qg_eval::Span::synthetic(), move |ev| {
        let forced = ev.force(&value)?;
        let Value::Attrs(record) = &forced else {
            return Ok(forced);
        };
        let (Some(args), Some(tree)) = (
            record.get(CONFIGURATION_MARKER).cloned(),
            record.get(TREE_MARKER).cloned(),
        ) else {
            return Ok(forced);
        };
        let args = ev.force(&args)?;
        let host = ev.call_function(&crate::flake::nixos_system_primop(), args)?;
        let Value::Attrs(host) = host else {
            return Ok(host);
        };
        let mut marked = host.update(&make_attrs(vec![(TREE_MARKER, tree)]));
        marked.open = host.open.clone();
        Ok(Value::attrs(marked))
    })
}

/// home-manager's tree of a host that is a standalone home configuration.
pub(crate) fn home_tree(ev: &mut Evaluator<'_>, entry: &HostEntry) -> EvalResult<Option<Sym>> {
    crate::flake::marked_tree(ev, entry, TREE_MARKER)
}

/// The root evaluation of a standalone home configuration (`args`: the argument of
/// `homeManagerConfiguration`).
pub(crate) fn run_home(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ctx: &Rc<HostCtx>,
    args: &Attrs,
    tree: &str,
) -> EvalResult<Rc<ModuleSet>> {
    let (lib, pkgs) = lib_and_pkgs(ev, loader, ctx, args)?;
    let extend = ev.eval_file(std::path::Path::new(&format!(
        "{tree}/modules/lib/stdlib-extended.nix"
    )))?;
    let lib = ev.call_function(&extend, lib)?;
    let check = attr(ev, args, "check")?.unwrap_or(Value::Bool(true));
    let minimal = attr(ev, args, "minimal")?.unwrap_or(Value::Bool(false));
    let list_file = format!("{tree}/modules/modules.nix");
    let list = ev.eval_file(std::path::Path::new(&list_file))?;
    let list_args = make_attrs(vec![
        ("pkgs", Thunk::value(pkgs.clone())),
        ("lib", Thunk::value(lib.clone())),
        ("check", Thunk::value(check)),
        ("minimal", Thunk::value(minimal)),
    ]);
    let mut inputs = vec![ctx.builtin_module()];
    inputs.extend(super::flake_modules(ev, loader, args)?);
    let list_file: Sym = list_file.into();
    match ev.call_function(&list, Value::attrs(list_args))? {
        Value::List(modules) => {
            for (i, m) in modules.iter().enumerate() {
                let key = format!("{list_file}:anon-{}", i + 1);
                inputs.push(super::base_input(m.clone(), list_file.clone(), key));
            }
        }
        // Which modules home-manager has is unknown: any option may be declared.
        _ => ctx.incomplete.set(true),
    }
    // Every module is read: a name nobody declares is unknown to home-manager too.
    ctx.nixos_modules.set(true);
    let special_args = super::special_args(
        ev,
        args,
        "extraSpecialArgs",
        Value::string(format!("{tree}/modules")),
    )?;
    let spec = SetSpec::root(special_args, lib, pkgs);
    Ok(ModuleSet::new(ev, ctx.clone(), spec, inputs))
}

/// `lib` (the argument's, else its `pkgs.lib`: the flake's nixpkgs tree's when qg reads
/// one) and the `pkgs` qg makes for that tree.
fn lib_and_pkgs(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ctx: &HostCtx,
    args: &Attrs,
) -> EvalResult<(Value, Value)> {
    let Some(tree) = ctx.nixpkgs_trees.first().cloned() else {
        let lib = match attr(ev, args, "lib")? {
            Some(lib @ Value::Attrs(_)) => lib,
            _ => ctx.lib.clone(),
        };
        return Ok((lib, ctx.pkgs.clone()));
    };
    let tree_lib = ev.force(&ctx.tree_lib(loader, &tree))?;
    let lib = match attr(ev, args, "lib")? {
        Some(lib @ Value::Attrs(_)) => lib,
        _ => tree_lib,
    };
    let platform = Thunk::value(Unknown::value(
        "the home configuration's platform",
        Shape::Attrs,
    ));
    let pkgs = super::context::tree_pkgs(&lib, &tree, None, platform);
    Ok((lib, pkgs))
}
