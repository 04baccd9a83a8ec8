//! Helpers for building fixes (text edits) that leave tidy source behind.

use rowan::{TextRange, TextSize};

/// Widens a range to delete so that no blank line or dangling spaces stay behind: a range
/// alone on its lines takes the whole lines; otherwise the spaces after it go too.
pub(crate) fn tidy_deletion(text: &str, range: TextRange) -> TextRange {
    let start = usize::from(range.start());
    let end = usize::from(range.end());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let alone = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    if alone {
        let after_newline = (line_end + 1).min(text.len());
        return to_range(line_start, after_newline);
    }
    let spaces_after = text[end..line_end].len() - text[end..line_end].trim_start().len();
    if spaces_after > 0 && !text[end + spaces_after..line_end].is_empty() {
        return to_range(start, end + spaces_after);
    }
    let spaces_before = text[line_start..start].len() - text[line_start..start].trim_end().len();
    to_range(start - spaces_before, end)
}

fn to_range(start: usize, end: usize) -> TextRange {
    TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
}

/// Applies non-overlapping edits to a text (used by tests and `--fix` style callers).
pub fn apply_edits(text: &str, edits: &[(TextRange, &str)]) -> String {
    let mut sorted: Vec<_> = edits.to_vec();
    sorted.sort_by_key(|(range, _)| std::cmp::Reverse(range.start()));
    let mut out = text.to_string();
    for (range, new_text) in sorted {
        out.replace_range(
            usize::from(range.start())..usize::from(range.end()),
            new_text,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delete(text: &str, what: &str) -> String {
        let start = text.find(what).unwrap();
        let range = to_range(start, start + what.len());
        apply_edits(text, &[(tidy_deletion(text, range), "")])
    }

    #[test]
    fn whole_line_goes() {
        assert_eq!(
            delete("let\n  a = 1;\n  b = 2;\nin b", "a = 1;"),
            "let\n  b = 2;\nin b"
        );
    }

    #[test]
    fn inline_takes_following_space() {
        assert_eq!(delete("{ a, b, ... }: b", "a,"), "{ b, ... }: b");
    }

    #[test]
    fn last_on_line_takes_preceding_space() {
        assert_eq!(
            delete("let a = 1; b = 2;\nin a", "b = 2;"),
            "let a = 1;\nin a"
        );
    }
}
