//! qg-checks: every rule of qg, QG101–QG403, over what `qg-nixos` evaluated.
//!
//! Checks of the evaluated fleet: options and types (QG1xx), sops-nix secrets (QG2xx),
//! services, routing, units and ports (QG3xx), persistence and backups (QG4xx).
//!
//! Each rule is one module whose `//!` comment is its documentation page, and which builds
//! its own diagnostics. The module system (`qg-nixos`) finds what the option rules
//! (QG101–QG109) report while evaluating each host, and reports it as data
//! (`qg_nixos::HostFinding`): unknown options and errors while forcing what a build
//! forces, type checks and conflicts while merging, missing imports while collecting
//! modules. `hosts` hands each finding to its rule's module and merges the diagnostics
//! across hosts. The secrets rules (QG201, QG202) run after a host's evaluation, on its
//! `sops.secrets` and the sops files (both read by `qg-nixos`) and the module files it
//! read. The cross-reference rules (`cross`) run on the facts the knowledge packs found on
//! each host; `support` is what they share. No rule calls the evaluator: `qg-eval` is not
//! even a dependency.

#![deny(unreachable_pub)]

mod check;
mod cross;
mod hosts;
mod registry;
mod support;

mod qg101_unknown_option;
mod qg102_wrong_type;
mod qg103_missing_value;
mod qg104_conflicting_definitions;
mod qg105_failed_assertion;
mod qg106_warning;
mod qg107_missing_import;
mod qg108_evaluation_error;
mod qg109_nested_list;
mod qg201_missing_secret_key;
mod qg202_undeclared_secret;
mod qg203_unknown_secret_owner;
mod qg204_unused_secret_key;
mod qg205_no_creation_rule;
mod qg301_duplicate_subdomain;
mod qg302_duplicate_port;
mod qg303_invalid_url;
mod qg304_undefined_middleware;
mod qg305_unknown_unit;
mod qg306_shared_loopback_port;
mod qg401_persisted_path;
mod qg402_backup_not_persisted;
mod qg403_unknown_persisted_owner;

pub use check::{reported_file_diagnostics, workspace_diagnostics};
pub use cross::rerun_cross_reference_rules;
pub use hosts::module_diagnostics;
pub use registry::rule;

/// The query trait of `qg-checks`: everything of `qg-nixos`, plus the rules' queries.
#[salsa::db]
pub trait Db: qg_nixos::Db {}
