//! Hover: what the name under the cursor is and where it comes from, as Markdown.

use rowan::TextRange;

use qg_syntax::{Binding, BindingKind, Workspace};

use crate::{classify, paths, Db, Definition, FileAnalysis, FilePosition};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    /// The text the hover is about (the name under the cursor).
    pub range: TextRange,
    pub markdown: String,
}

/// Hover, with options described from `host`'s declarations (every host's when `None`).
pub(crate) fn hover(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    position: FilePosition,
) -> Option<HoverResult> {
    let analysis = FileAnalysis::new(db, position.file);
    if let Some((range, markdown)) =
        crate::secrets::secret_hover(db, workspace, host, &analysis, position.offset)
    {
        return Some(HoverResult { range, markdown });
    }
    if let Some((range, markdown)) = crate::lib_docs::lib_hover(&analysis, position.offset) {
        return Some(HoverResult { range, markdown });
    }
    // A service's name, a middleware or a unit, from the host's facts.
    if let Some((range, markdown)) =
        crate::entities::entity_hover(db, workspace, host, &analysis, position.offset)
    {
        return Some(HoverResult { range, markdown });
    }
    // An option key or a `config.a.b` selection (also through `cfg = config.a;`).
    let written = analysis.token_at(position.offset).and_then(|t| {
        crate::options::option_path_at(&t).or_else(|| {
            crate::values::selection_path_at(&analysis, &t).map(|p| (t.text_range(), p))
        })
    });
    if let Some((range, path)) = written.filter(|(_, p)| !p.is_empty()) {
        let path = crate::values::in_module(db, workspace, host, &analysis, path);
        let declared = crate::options::find_option(db, workspace, host, &path);
        let value =
            crate::values::value_section(db, workspace, host, &analysis, &path, declared.is_some());
        let mut markdown = match &declared {
            Some(option) => crate::options::option_hover(db, workspace, option),
            // An option declared outside the flake (nixpkgs, an input) that it defines.
            None if value.is_some() => format!("```\n{}\n```", path.join(".")),
            None => String::new(),
        };
        if let Some(value) = value {
            markdown.push_str(if declared.is_some() { "\n\n" } else { "\n" });
            markdown.push_str(&value);
        }
        if !markdown.is_empty() {
            return Some(HoverResult { range, markdown });
        }
    }
    let (range, definition) = classify(&analysis, position.offset)?;
    let markdown = match definition {
        Definition::Local(id) => {
            let mut md = local(&analysis, &analysis.resolution.bindings[id]);
            // An alias of an option (`cfg = config.a;`, `inherit (config.a) b;`): its value.
            let value = analysis
                .token_at(position.offset)
                .and_then(|t| t.parent())
                .and_then(|ident| crate::values::expr_path(&analysis, &ident, 0))
                .filter(|path| !path.is_empty())
                .map(|path| crate::values::in_module(db, workspace, host, &analysis, path))
                .and_then(|path| {
                    crate::values::value_section(db, workspace, host, &analysis, &path, false).map(
                        |value| {
                            let of = format!("Value of `config.{}`", path.join("."));
                            value.replacen("Value", &of, 1)
                        },
                    )
                });
            if let Some(value) = value {
                md.push_str("\n\n");
                md.push_str(&value);
            }
            md
        }
        Definition::Builtin(builtin) => {
            format!("```nix\n{}\n```\n{}", builtin.signature(), builtin.doc)
        }
        Definition::With(name) => format!(
            "```nix\n{name}\n```\nfrom an enclosing `with` (not a local binding or a builtin)"
        ),
        Definition::Undefined(name) => {
            format!("```nix\n{name}\n```\nundefined: nothing in scope defines `{name}`")
        }
        Definition::Path(literal) => {
            let target = paths::resolve_path_literal(db, workspace, &analysis.path, &literal)?;
            format!("`{literal}` → `{target}` (relative to the flake root)")
        }
    };
    Some(HoverResult { range, markdown })
}

fn local(analysis: &FileAnalysis, binding: &Binding) -> String {
    let kind = describe_kind(binding.kind);
    let line = analysis.line_of(binding.name_ranges[0].start());
    let uses = match binding.uses {
        0 => "never used".to_string(),
        1 => "used once".to_string(),
        n => format!("used {n} times"),
    };
    let definition = binding
        .definitions
        .first()
        .map(|d| snippet(&d.text().to_string()))
        .unwrap_or_default();
    format!(
        "```nix\n{definition}\n```\n{kind} `{}`, bound at line {line}; {uses}",
        binding.name
    )
}

pub(crate) fn describe_kind(kind: BindingKind) -> &'static str {
    match kind {
        BindingKind::Let => "let binding",
        BindingKind::RecAttr => "attribute of a `rec` set",
        BindingKind::LambdaArg => "function argument",
        BindingKind::Formal { .. } => "function argument (from a `{ ... }` pattern)",
        BindingKind::PatBind => "whole-argument binding (`name@{ ... }`)",
    }
}

/// The first line of a definition, shortened so hovers stay small.
fn snippet(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim_end();
    let cut: String = first.chars().take(80).collect();
    if cut.len() < first.len() || text.lines().nth(1).is_some() {
        format!("{cut} …")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::fixture::Fixture;

    fn check(text: &str, expected: Expect) {
        let fx = Fixture::new(text);
        let found = hover(&fx.db, fx.workspace, None, fx.position)
            .map(|h| format!("{}\n{}", &fx.text()[h.range], h.markdown))
            .unwrap_or_default();
        expected.assert_eq(&found);
    }

    #[test]
    fn let_binding() {
        check(
            "let\n  cfg = config.qgroget;\nin c$0fg",
            expect![[r#"
                cfg
                ```nix
                cfg = config.qgroget;
                ```
                let binding `cfg`, bound at line 2; used once"#]],
        );
    }

    #[test]
    fn formal_argument_at_its_definition() {
        check(
            "{ con$0fig, lib, ... }: config",
            expect![[r#"
                config
                ```nix
                config
                ```
                function argument (from a `{ ... }` pattern) `config`, bound at line 1; used once"#]],
        );
    }

    #[test]
    fn builtins_bare_and_selected() {
        check(
            "ma$0p toString [ ]",
            expect![[r#"
                map
                ```nix
                builtins.map f list
                ```
                Applies `f` to every element of `list`."#]],
        );
        check(
            "builtins.concatStr$0ingsSep \", \" [ ]",
            expect![[r#"
                concatStringsSep
                ```nix
                builtins.concatStringsSep sep strings
                ```
                Joins a list of strings with `sep` between them."#]],
        );
        check("let builtins = { }; in builtins.ma$0p", expect![""]);
    }

    #[test]
    fn with_undefined_and_path() {
        check(
            "{ pkgs }: with pkgs; hel$0lo",
            expect![[r#"
                hello
                ```nix
                hello
                ```
                from an enclosing `with` (not a local binding or a builtin)"#]],
        );
        check(
            "//- hosts/a.nix\n{ imports = [ ./hard$0ware.nix ]; }\n//- hosts/hardware.nix\n{ }",
            expect![[r#"
                ./hardware.nix
                `./hardware.nix` → `hosts/hardware.nix` (relative to the flake root)"#]],
        );
    }

    #[test]
    fn a_home_manager_option_in_a_users_module() {
        let (fleet, host) = (
            crate::completion::tests::HOME_FLEET,
            crate::completion::tests::HOME_HOST,
        );
        check(
            &format!("{fleet}{host}//- home.nix\n{{ ... }}: {{ programs.git.ena$0ble = true; }}\n"),
            expect![[r#"
                enable
                ```
                home-manager.users.<name>.programs.git.enable
                ```
                *boolean*

                Whether git is configured for the user.

                Default: `false`

                declared at `hm-git.nix:2`

                Value on `web` (the first host that reads this file; set `qg.host` to choose): `true`"#]],
        );
    }
}
