//! Byte offsets to lines and columns, the way each output counts them.

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
        let newlines = text.match_indices('\n').map(|(i, _)| i as u32 + 1);
        LineIndex {
            line_starts: std::iter::once(0).chain(newlines).collect(),
        }
    }

    /// 0-based line of an offset.
    pub fn line(&self, offset: TextSize) -> u32 {
        let offset = u32::from(offset);
        (self.line_starts.partition_point(|&start| start <= offset) - 1) as u32
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

    /// The offset of a 0-based line and UTF-16 column; clamped to the text.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> TextSize {
        let Some(start) = self.line_start(pos.line) else {
            return TextSize::of(text);
        };
        let line = &text[usize::from(start)..];
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            if units >= pos.col || ch == '\n' {
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
}
