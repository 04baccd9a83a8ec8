//! ## What it finds
//! A key of a sops file that no secret of any host reads: no `sops.secrets.<n>` with that
//! name (or `key`) whose sops file is this one. Off by default (a hint when enabled): a
//! key may be kept for a host that is not in the flake yet. Only files that some secret of
//! the fleet reads are looked at, and only when every host's secrets are known.
//!
//! ## Why it matters
//! A left-over key is a credential still valid somewhere, still re-encrypted for every
//! recipient, and easy to mistake for the one in use.
//!
//! ## Example
//! ```yaml
//! # secrets/secrets.yaml
//! old_service:
//!     token: ENC[...]
//! ```
//!
//! ## Fix
//! Remove the key with `sops secrets/secrets.yaml` (revoke the credential first), or
//! declare the secret on the host that needs it.

use qg_syntax::{Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg204,
    summary: "a key of a sops file that no host declares as a secret",
    source: include_str!("qg204_unused_secret_key.rs"),
};
