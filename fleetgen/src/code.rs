//! A small indentation-aware text builder for the generated Nix and YAML files.

/// Accumulates lines of text, indenting each by the current nesting depth.
pub(crate) struct Code {
    text: String,
    depth: usize,
    indent_unit: &'static str,
}

impl Code {
    /// A builder using the two-space indentation of nixfmt.
    pub(crate) fn nix() -> Code {
        Code::with_indent("  ")
    }

    /// A builder using the given indentation unit (sops writes YAML with four spaces).
    pub(crate) fn with_indent(indent_unit: &'static str) -> Code {
        Code {
            text: String::new(),
            depth: 0,
            indent_unit,
        }
    }

    /// Appends one line at the current depth.
    pub(crate) fn line(&mut self, line: &str) {
        if line.is_empty() {
            self.blank();
            return;
        }
        for _ in 0..self.depth {
            self.text.push_str(self.indent_unit);
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Appends an empty line.
    pub(crate) fn blank(&mut self) {
        self.text.push('\n');
    }

    /// Appends a line that opens a block, then indents what follows.
    pub(crate) fn open(&mut self, line: &str) {
        self.line(line);
        self.depth += 1;
    }

    /// Dedents, then appends the line that closes a block.
    pub(crate) fn close(&mut self, line: &str) {
        self.depth -= 1;
        self.line(line);
    }

    /// Ends a block that has no closing line of its own (e.g. a lambda body).
    pub(crate) fn dedent(&mut self) {
        self.depth -= 1;
    }

    /// Appends `head = [ ... ];`: inline when it has at most one item,
    /// otherwise one Nix expression per line (as nixfmt lays lists out).
    pub(crate) fn list<I, S>(&mut self, head: &str, items: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let items: Vec<S> = items.into_iter().collect();
        match items.as_slice() {
            [] => return self.line(&format!("{head} = [ ];")),
            [only] => return self.line(&format!("{head} = [ {} ];", only.as_ref())),
            _ => {}
        }
        self.open(&format!("{head} = ["));
        for item in &items {
            self.line(item.as_ref());
        }
        self.close("];");
    }

    /// Appends `head = [ "a" "b" ];` with every item quoted as a Nix string.
    pub(crate) fn string_list(&mut self, head: &str, items: &[&str]) {
        self.list(head, items.iter().map(|item| quote(item)));
    }

    /// Returns the accumulated text.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

/// Quotes `text` as a Nix string literal, escaping `\`, `"` and `${`.
pub(crate) fn quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("${", "\\${");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_interpolation_and_quotes() {
        assert_eq!(quote(r#"a"b${c}\"#), r#""a\"b\${c}\\""#);
    }

    #[test]
    fn empty_list_is_written_inline() {
        let mut code = Code::nix();
        code.list("swapDevices", Vec::<String>::new());
        assert_eq!(code.finish(), "swapDevices = [ ];\n");
    }

    #[test]
    fn single_item_list_is_written_inline() {
        let mut code = Code::nix();
        code.string_list("files", &["/etc/machine-id"]);
        assert_eq!(code.finish(), "files = [ \"/etc/machine-id\" ];\n");
    }

    #[test]
    fn blocks_indent_their_contents() {
        let mut code = Code::nix();
        code.open("{");
        code.string_list("xs", &["a", "b"]);
        code.close("}");
        assert_eq!(
            code.finish(),
            "{\n  xs = [\n    \"a\"\n    \"b\"\n  ];\n}\n"
        );
    }
}
