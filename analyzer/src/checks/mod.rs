//! Checks of the evaluated fleet: options and types (QG1xx), sops-nix secrets (QG2xx),
//! services, routing, units and ports (QG3xx), persistence and backups (QG4xx).
//!
//! Each rule is one module whose `//!` comment is its documentation page. The module system
//! (`crate::modules`) finds these while evaluating each host: the unknown options and the
//! forcing of what a build forces in `modules::walk`, type checks and conflicts while
//! merging in `modules::merge`, missing imports while collecting modules in
//! `modules::collect`. The secrets rules (QG201, QG202) run after a host's evaluation, on
//! its `sops.secrets` (`modules::secrets`), the sops files (`crate::sops`) and the module
//! files it read. The cross-reference rules (`cross`) run on the facts the knowledge packs
//! (`crate::facts`) found on each host; `support` is what they share.

pub mod cross;
pub mod qg101_unknown_option;
pub mod qg102_wrong_type;
pub mod qg103_missing_value;
pub mod qg104_conflicting_definitions;
pub mod qg105_failed_assertion;
pub mod qg106_warning;
pub mod qg107_missing_import;
pub mod qg108_evaluation_error;
pub mod qg109_nested_list;
pub(crate) mod support;

pub mod qg201_missing_secret_key;
pub mod qg202_undeclared_secret;
pub mod qg203_unknown_secret_owner;
pub mod qg204_unused_secret_key;
pub mod qg205_no_creation_rule;
pub mod qg301_duplicate_subdomain;
pub mod qg302_duplicate_port;
pub mod qg303_invalid_url;
pub mod qg304_undefined_middleware;
pub mod qg305_unknown_unit;
pub mod qg306_shared_loopback_port;
pub mod qg401_persisted_path;
pub mod qg402_backup_not_persisted;
pub mod qg403_unknown_persisted_owner;
