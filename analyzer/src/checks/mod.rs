//! Checks of the evaluated fleet: options and types (QG1xx), sops-nix secrets (QG2xx).
//!
//! Each rule is one module whose `//!` comment is its documentation page. The module system
//! (`crate::modules`) finds these while evaluating each host: the unknown options and the
//! forcing of what a build forces in `modules::walk`, type checks and conflicts while
//! merging in `modules::merge`, missing imports while collecting modules in
//! `modules::collect`. The secrets rules (QG201, QG202) run after a host's evaluation, on
//! its `sops.secrets` (`modules::secrets`), the sops files (`crate::sops`) and the module
//! files it read.

pub mod qg101_unknown_option;
pub mod qg102_wrong_type;
pub mod qg103_missing_value;
pub mod qg104_conflicting_definitions;
pub mod qg105_failed_assertion;
pub mod qg106_warning;
pub mod qg107_missing_import;
pub mod qg108_evaluation_error;
pub mod qg109_nested_list;
pub mod qg201_missing_secret_key;
pub mod qg202_undeclared_secret;
