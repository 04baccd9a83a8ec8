//! ## What it finds
//! An active entry of `warnings`: a module (or a renamed option) that asks to be told
//! about something when the host is built. With the host's nixpkgs on disk, NixOS's own
//! modules' warnings too, `mkRenamedOptionModule`'s among them (at the definition of the
//! old option).
//!
//! ## Why it matters
//! NixOS prints the warning ("evaluation warning: ...") during a rebuild, where it is easy
//! to miss among the build output.
//!
//! ## Example
//! ```nix
//! warnings = lib.optional (!cfg.backups.enable) "Server: backups are disabled.";
//! ```
//!
//! ## Severity
//! A warning: NixOS prints the message and builds the host anyway. The module asks for
//! attention; nothing fails.
//!
//! ## Fix
//! Do what the warning asks, or remove the condition that raises it.

use qg_nixos::HostFinding;
use qg_syntax::{Diagnostic, Rule, RuleId};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg106,
    summary: "an active warning of the configuration",
    source: include_str!("qg106_warning.rs"),
};

/// "warning: <its text>", as NixOS prints it.
pub(crate) fn diagnostic(finding: &HostFinding, message: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::Qg106,
        finding.primary.clone(),
        format!("warning: {message}"),
    )
}
