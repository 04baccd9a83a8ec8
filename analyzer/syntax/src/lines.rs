//! Byte offsets to lines and columns, the way each output counts them. LF, CR LF and a lone
//! CR each end a line: Nix's lexer counts so in its error positions (and qg-eval's
//! `line_column` with it), and so do LSP and SARIF, so every output names the line Nix
//! would.

use rowan::TextSize;

use crate::db::{Db, SourceFile};

/// The line index of a file, kept per revision so neither suppression comments, nor the
/// CLI's positions, nor each editor request rescan the text.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: SourceFile) -> LineIndex {
    LineIndex::new(file.text(db))
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

/// A 0-based line and a 0-based column counted in the unit the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        // The CR of a CR LF is not a line end of its own: its LF is.
        let ends = text
            .match_indices(['\n', '\r'])
            .filter(|&(i, end)| end == "\n" || bytes.get(i + 1) != Some(&b'\n'))
            .map(|(i, _)| i as u32 + 1);
        LineIndex {
            line_starts: std::iter::once(0).chain(ends).collect(),
        }
    }

    /// 0-based line of an offset.
    pub fn line(&self, offset: TextSize) -> u32 {
        let offset = u32::from(offset);
        (self.line_starts.partition_point(|&start| start <= offset) - 1) as u32
    }

    /// How many lines the text has (an empty text and a text after its last line end
    /// count one).
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    pub fn line_start(&self, line: u32) -> Option<TextSize> {
        self.line_starts
            .get(line as usize)
            .map(|&s| TextSize::from(s))
    }

    /// Line and column with the column in Unicode scalar values (what people count).
    pub fn line_col_chars(&self, text: &str, offset: TextSize) -> LineCol {
        self.line_col_by(text, offset, |s| s.chars().count())
    }

    /// Line and column with the column in UTF-16 code units (LSP and SARIF).
    pub fn line_col_utf16(&self, text: &str, offset: TextSize) -> LineCol {
        self.line_col_by(text, offset, |s| s.encode_utf16().count())
    }

    /// The offset of a 0-based line and UTF-16 column; clamped to the line's text (before
    /// its line end, so that an edit never lands between the CR and LF of a CR LF).
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> TextSize {
        let Some(start) = self.line_start(pos.line) else {
            return TextSize::of(text);
        };
        let line = &text[usize::from(start)..];
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            if units >= pos.col || ch == '\n' || ch == '\r' {
                return start + TextSize::from(i as u32);
            }
            units += ch.len_utf16() as u32;
        }
        TextSize::of(text)
    }

    fn line_col_by(&self, text: &str, offset: TextSize, width: impl Fn(&str) -> usize) -> LineCol {
        let line = self.line(offset);
        let start = self.line_starts[line as usize] as usize;
        let end = usize::from(offset).min(text.len());
        let col = text.get(start..end).map_or(end - start, width) as u32;
        LineCol { line, col }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let text = "ab\nçd\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line(TextSize::from(0)), 0);
        assert_eq!(index.line(TextSize::from(3)), 1);
        assert_eq!(
            index.line_col_chars(text, TextSize::from(5)),
            LineCol { line: 1, col: 1 }
        );
        assert_eq!(
            index.line_col_utf16(text, TextSize::from(8)),
            LineCol { line: 3, col: 0 }
        );
        assert_eq!(
            index.offset_utf16(text, LineCol { line: 1, col: 1 }),
            TextSize::from(5)
        );
    }

    /// The lines Nix 2.8 names: `nix-instantiate --eval` of `let\r x = 1;\r in x.y` (and of
    /// the same with CR LF) reports the error at 3:5, the `x` of `x.y`.
    #[test]
    fn a_lone_cr_ends_a_line_and_a_cr_lf_ends_one() {
        let lone = "let\r x = 1;\r in x.y";
        let index = LineIndex::new(lone);
        assert_eq!(
            index.line_col_chars(lone, TextSize::from(16)),
            LineCol { line: 2, col: 4 }
        );
        let crlf = "let\r\n x = 1;\r\n in x.y";
        let index = LineIndex::new(crlf);
        assert_eq!(
            index.line_col_chars(crlf, TextSize::from(18)),
            LineCol { line: 2, col: 4 }
        );
        // A lone CR before a CR LF: two line ends (Nix: 3:12 for the `x` of `x.y`).
        let both = "let\r\r\n x = 1; in x.y";
        assert_eq!(
            LineIndex::new(both).line_col_chars(both, TextSize::from(17)),
            LineCol { line: 2, col: 11 }
        );
        assert_eq!(LineIndex::new(lone).line_count(), 3);
        assert_eq!(LineIndex::new("").line_count(), 1);
        // A column past the end of a line stops before its line end, CR or CR LF.
        assert_eq!(
            LineIndex::new(lone).offset_utf16(lone, LineCol { line: 0, col: 9 }),
            TextSize::from(3)
        );
        assert_eq!(
            LineIndex::new(crlf).offset_utf16(crlf, LineCol { line: 0, col: 9 }),
            TextSize::from(3)
        );
    }
}
