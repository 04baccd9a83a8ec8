//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

use std::io::{self, Write};

use qg_syntax::Severity;

use super::NoteLevel;
use crate::checked::Checked;

pub fn write(out: &mut dyn Write, checked: &Checked) -> io::Result<()> {
    for note in super::notes(checked) {
        let command = match note.level {
            NoteLevel::Warning => "warning",
            NoteLevel::Notice => "notice",
        };
        writeln!(
            out,
            "::{command} title=qg-check::{}",
            escape_data(&note.message)
        )?;
    }
    for (flake, d) in checked.diagnostics() {
        let at = checked.locate(flake, &d.primary);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape_property(&at.path),
            at.start.line,
            at.end.line,
            at.start.column,
            at.end.column,
            escape_property(&format!("{} {}", d.rule, d.rule.name())),
            escape_data(&d.message),
        )?;
    }
    Ok(())
}

/// Workflow command data must encode `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Properties additionally encode `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
