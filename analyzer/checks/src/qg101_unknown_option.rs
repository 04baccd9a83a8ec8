//! ## What it finds
//! A definition of an option that does not exist, under a namespace that the flake itself
//! declares: `qgroget.services.jellyfin.subdomian` when the service options are `name`,
//! `url`, `type`... qg suggests the closest declared names and offers to replace the key.
//!
//! Only namespaces whose options the flake declares itself are checked: `qgroget.*` above,
//! and the options of a submodule the flake declares. Options of NixOS and of flake inputs
//! (`services.*`, `sops.*`, ...) are unknown to qg, so their definitions are never reported.
//!
//! ## Why it matters
//! NixOS stops with "The option `qgroget.services.jellyfin.subdomian' does not exist" when
//! the host is evaluated, even if the definition is under a `mkIf` that is false. Until
//! then the typo silently does nothing.
//!
//! ## Example
//! ```nix
//! qgroget.services.jellyfin = {
//!   url = "http://127.0.0.1:8096";
//!   subdomian = "media";
//! };
//! ```
//!
//! ## Severity
//! An error: NixOS refuses a definition of an option that does not exist ("The option
//! `…' does not exist") and the host does not build. qg reports it only in namespaces the
//! flake declares itself and whose submodules are not freeform, where it sees every option;
//! under `services.*`, `sops.*` and every other namespace of NixOS or of an input it is
//! silent.
//!
//! On a host with a module qg cannot read (a file inside an input, a module of the flake
//! built from a value qg does not know), that module may declare options anywhere: qg then
//! reports only a name one edit from an option the flake declares there (`dsktop` beside
//! `desktop`), as a **warning**: very likely a typo, not certainly. Other unknown names are
//! silent on such a host.
//!
//! ## Fix
//! Correct the name (the suggested fix replaces the key), or declare the option.

use qg_nixos::HostFinding;
use qg_syntax::{Diagnostic, Fix, Rule, RuleId, TextEdit};

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg101,
    summary: "definition of an option that the flake's own namespace does not declare",
    source: include_str!("qg101_unknown_option.rs"),
};

/// "The option `a.b' does not exist. Did you mean `c'?", worded as Nix does, with the fix
/// that replaces the key by the closest declared name.
pub(crate) fn diagnostic(
    finding: &HostFinding,
    option: &str,
    name: &str,
    suggestions: &[String],
) -> Diagnostic {
    let mut d = Diagnostic::new(
        RuleId::Qg101,
        finding.primary.clone(),
        format!("The option `{option}' does not exist."),
    );
    let did_you_mean = match suggestions {
        [] => None,
        [one] => Some(format!(" Did you mean `{one}'?")),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("`{s}'")).collect();
            Some(format!(" Did you mean {} or `{last}'?", init.join(", ")))
        }
    };
    if let (Some(text), Some(best)) = (did_you_mean, suggestions.first()) {
        // Nix's own wording, several names: part of the message, not a `suggestion`.
        d.message.push_str(&text);
        if let Some(fix) = &finding.fix {
            d = d.with_fix(Fix {
                title: format!("Replace `{name}` by `{best}`"),
                edits: vec![TextEdit {
                    file: fix.span.file.clone(),
                    range: fix.span.range,
                    new_text: fix.new_text.clone(),
                }],
            });
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use qg_nixos::{FindingKind, Replacement};
    use qg_syntax::{RelPath, Span, TextRange, TextSize};

    fn finding(suggestions: &[&str]) -> Diagnostic {
        let span = Span {
            file: RelPath::from("m.nix"),
            range: TextRange::new(TextSize::from(2), TextSize::from(6)),
        };
        let suggestions: Vec<String> = suggestions.iter().map(|s| s.to_string()).collect();
        let f = HostFinding {
            kind: FindingKind::UnknownOption {
                option: "my.nmae".into(),
                name: "nmae".into(),
                suggestions: suggestions.clone(),
                certain: true,
            },
            primary: span.clone(),
            related: Vec::new(),
            fix: Some(Replacement {
                span,
                new_text: "name".into(),
            }),
        };
        diagnostic(&f, "my.nmae", "nmae", &suggestions)
    }

    #[test]
    fn worded_as_nix_with_the_closest_name_as_suggestion() {
        let none = finding(&[]);
        assert_eq!(none.message, "The option `my.nmae' does not exist.");
        assert_eq!(none.fixes.len(), 0);

        let one = finding(&["name"]);
        assert_eq!(
            one.message,
            "The option `my.nmae' does not exist. Did you mean `name'?"
        );
        assert_eq!(one.fixes[0].title, "Replace `nmae` by `name`");

        let three = finding(&["name", "nme", "mae"]);
        assert_eq!(
            three.message,
            "The option `my.nmae' does not exist. Did you mean `name', `nme' or `mae'?"
        );
    }
}
