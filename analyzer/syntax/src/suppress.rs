//! `# qg: allow(QG003)` comments: silence rules on the comment's line and the line below.

use crate::diagnostic::Diagnostic;
use crate::lines::LineIndex;
use crate::rule::RuleId;

/// One suppression comment: the 0-based line it is on and the rules it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub line: u32,
    pub rules: Vec<RuleId>,
}

const MARKER: &str = "qg: allow(";

/// Every `qg: allow(...)` in a `#` or `/* */` comment of the text.
pub fn allows(text: &str) -> Vec<Allow> {
    let mut found = Vec::new();
    for (line, content) in text.lines().enumerate() {
        let Some(at) = content.find(MARKER) else {
            continue;
        };
        let before = &content[..at];
        if !(before.contains('#') || before.contains("/*")) {
            continue;
        }
        let list = &content[at + MARKER.len()..];
        let Some(end) = list.find(')') else { continue };
        let rules = list[..end]
            .split(',')
            .filter_map(|r| RuleId::lookup(r.trim()))
            .collect();
        found.push(Allow {
            line: line as u32,
            rules,
        });
    }
    found
}

/// Whether a diagnostic in a file with these allows is silenced.
pub fn is_allowed(diagnostic: &Diagnostic, allows: &[Allow], index: &LineIndex) -> bool {
    let line = index.line(diagnostic.primary.range.start());
    allows
        .iter()
        .any(|a| (a.line == line || a.line + 1 == line) && a.rules.contains(&diagnostic.rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_allows_in_comments_only() {
        let text = "# qg: allow(QG003, undefined-variable)\nx\n/* qg: allow(QG004) */\n\"qg: allow(QG001)\"\n";
        let found = allows(text);
        assert_eq!(
            found,
            [
                Allow {
                    line: 0,
                    rules: vec![RuleId::Qg003, RuleId::Qg002]
                },
                Allow {
                    line: 2,
                    rules: vec![RuleId::Qg004]
                },
            ]
        );
    }
}
