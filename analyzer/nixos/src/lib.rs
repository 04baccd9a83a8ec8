//! qg-nixos: what a flake's hosts are, evaluated as `nixosSystem` would, statically.
//!
//! - [`flake`](crate::flake): `flake.nix`, its modelled inputs and `nixosConfigurations`;
//! - `modules`: each host's module system (imports, declarations, definitions, merge, the
//!   `config` fixpoint) with qg's own lib written in Nix (embedded, `modules/lib/`);
//! - `facts`: the knowledge packs (`queries/*.toml` built in, the fleet's own through
//!   `qg.toml`) read on each evaluated host into plain data ([`HostFacts`]);
//! - `inputs`: where each locked input's source lies (store, chroot store, overrides);
//! - `flake_inputs`: every input of the lock located ([`input_table`]), its tree mounted
//!   at its store path, and its value made for real (its own `flake.nix` and inputs);
//! - `lock`: `flake.lock`, its `follows`, and the store path of each locked input;
//! - `classic`: a classic `configuration.nix` (no flake) as one host;
//! - `sops`: the key paths of SOPS files (never their values) and `.sops.yaml` rules.
//!
//! Entry points are salsa queries returning plain data: [`flake_hosts`], [`host_report`]
//! ([`HostReport`]: what was evaluated, what it read, its facts and findings), and
//! [`show_option`] for `qg-check show`. The rules that judge this data live in `qg-checks`:
//! a finding here ([`HostFinding`]) says what happened, as data; which rule it is, and
//! what its message says, is up to them.

#![deny(unreachable_pub)]

mod classic;
mod facts;
mod flake;
mod flake_inputs;
mod inputs;
mod lock;
mod modules;
mod sops;

pub use classic::host_name as classic_host_name;
pub use facts::pack::{
    EntityQuery, Pack, PackError, Pattern, ReferenceQuery, Relation, Segment, Select, UniqueRule,
};
pub use facts::{Entity, HostFacts, Reference};
pub use flake::HostInfo;
pub use flake_inputs::{
    input_table, load_from_disk, origin_name, InputModel, InputNode, InputTable, Mount, Mounted,
};
pub use inputs::{
    locate_input, on_disk, Fallbacks, InputOptions, InputOrigin, InputSource, REGISTRY_VAR,
};
pub use lock::{FlakeLock, InputEdge, LockError, LockNode, Locked};
pub use modules::decl_cache::{cache_dir, set_cache_dir};
pub use modules::finding::{
    ConflictKind, FindingKind, HostFinding, MissingImportKind, RelatedRole, RelatedSpan,
    Replacement,
};
pub use modules::index::{
    host_names, option_index, DeclPosition, OptionDefault, OptionInfo, OutsideDeclaration, ANY_NAME,
};
pub use modules::lookup::{
    evaluate_values, file_host, file_module_prefix, host_secret_list, option_definitions,
    SecretInfo, ValueText, MAX_HINT_CHARS,
};
pub use modules::secrets::{DeclaredSecret, HostSecrets};
pub use modules::source::embedded_text;
pub use modules::{
    flake_hosts, host_report, host_reports, host_summaries, packs_of, show_option, FlakeHosts,
    HostName, HostReport, HostSummary, Note,
};
pub use sops::{
    creation_rules, redact_secret_values, sops_keys, CreationRules, KeyKind, SopsKey, SopsKeys,
    SopsSyntaxError,
};

/// The query trait of `qg-nixos`: everything of `qg-syntax`, plus this crate's queries.
#[salsa::db]
pub trait Db: qg_syntax::Db {}
