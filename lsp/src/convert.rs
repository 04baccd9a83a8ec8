//! Conversions between the analyzer's plain data and LSP types. Positions are UTF-16, the
//! encoding every client supports; offsets go through the analyzer's `LineIndex`.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types as lsp;

use qg_ide::{Analysis, CompletionItemKind, Symbol, SymbolKind};
use qg_syntax::{LineCol, LineIndex, SourceFile, TextRange, TextSize};

/// A file's text with its line index, for converting positions.
pub struct FileText<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl<'a> FileText<'a> {
    pub fn of(flake: &'a Analysis, file: SourceFile) -> FileText<'a> {
        FileText {
            text: flake.source(file),
            index: flake.line_index(file),
        }
    }

    pub fn offset(&self, position: lsp::Position) -> TextSize {
        self.index.offset_utf16(
            self.text,
            LineCol {
                line: position.line,
                col: position.character,
            },
        )
    }

    pub fn position(&self, offset: TextSize) -> lsp::Position {
        let at = self.index.line_col_utf16(self.text, offset);
        lsp::Position::new(at.line, at.col)
    }

    pub fn range(&self, range: TextRange) -> lsp::Range {
        lsp::Range::new(self.position(range.start()), self.position(range.end()))
    }

    pub fn text_range(&self, range: lsp::Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        TextRange::new(start, end)
    }
}

pub fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    lsp::Uri::from_file_path(path)
}

pub fn severity(severity: qg_syntax::Severity) -> lsp::DiagnosticSeverity {
    match severity {
        qg_syntax::Severity::Error => lsp::DiagnosticSeverity::ERROR,
        qg_syntax::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        qg_syntax::Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn completion_kind(kind: CompletionItemKind) -> lsp::CompletionItemKind {
    match kind {
        CompletionItemKind::Variable => lsp::CompletionItemKind::VARIABLE,
        CompletionItemKind::Function => lsp::CompletionItemKind::FUNCTION,
        CompletionItemKind::Constant => lsp::CompletionItemKind::CONSTANT,
        CompletionItemKind::Field => lsp::CompletionItemKind::FIELD,
        CompletionItemKind::Option => lsp::CompletionItemKind::PROPERTY,
        CompletionItemKind::Namespace => lsp::CompletionItemKind::MODULE,
        CompletionItemKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionItemKind::Secret => lsp::CompletionItemKind::VALUE,
    }
}

pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Namespace => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Attribute => lsp::SymbolKind::FIELD,
        SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct
pub fn document_symbol(file: &FileText, symbol: &Symbol) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: None,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: file.range(symbol.range),
        selection_range: file.range(symbol.selection_range),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .iter()
                .map(|c| document_symbol(file, c))
                .collect()
        }),
    }
}
