//! Completion: what may be written at the cursor, ranked and filtered by the typed prefix.
//!
//! [`CompletionContext`] says *where* the cursor is (an expression, after `a.b.`, an attribute
//! key, an `inherit`); sources add items for the contexts they understand. Today: local
//! bindings, builtins, names from literal `with` sets, and (through [`complete`], from the
//! module system's declarations) option paths (`CompletionKind::AttrKey` and `Select` on
//! `config`) and enum/bool values. Secret names, services and `lib` functions come next,
//! without changing how contexts are found or items ranked.

use rnix::{SyntaxKind, SyntaxToken};
use rowan::{TextRange, TextSize};

use qg_syntax::{ScopeKind, Workspace};

use crate::builtins::{Builtin, BUILTINS};
use crate::hover::describe_kind;
use crate::{Db, FileAnalysis, FilePosition};

/// Where the cursor is, syntactically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CompletionKind {
    /// A variable in an expression: `[ pk$0 ]`.
    Expr,
    /// An attribute selected from a dotted base: `builtins.ma$0` has base `["builtins"]`.
    Select { base: Vec<String> },
    /// The key of an attribute set entry or let binding; `path` is what is written before the
    /// typed name: `{ services.tr$0 }` has path `["services"]`. Option paths go here.
    AttrKey { path: Vec<String> },
    /// A name of `inherit a b;` (without `(from)`): names from the enclosing scopes.
    Inherit,
    /// In a string, a comment or a path: nothing to offer yet (secret names will be here).
    Nothing,
}

/// The cursor, the identifier being typed before it, and what kind of place it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompletionContext {
    pub offset: TextSize,
    /// The part of a name already typed before the cursor.
    pub prefix: String,
    /// The text a chosen item replaces (the typed prefix).
    pub replace: TextRange,
    pub kind: CompletionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionItemKind {
    /// A local binding.
    Variable,
    /// A builtin function.
    Function,
    /// A builtin constant (`true`, `builtins.nixVersion`, ...).
    Constant,
    /// A name from a `with` over a literal set.
    Field,
    /// A declared option.
    Option,
    /// A namespace of declared options (`qgroget.services`).
    Namespace,
    /// A value of an enum or bool option.
    Value,
    /// A key path of a sops file (a secret name).
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionItemKind,
    /// One line shown beside the label.
    pub detail: Option<String>,
    /// Markdown shown when the item is selected.
    pub documentation: Option<String>,
    /// Lower sorts first; clients sort by this, not by the label.
    pub sort_text: String,
    pub replace: TextRange,
}

/// Relevance tiers, most relevant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Local = 0,
    WithField = 1,
    Global = 2,
    Builtin = 3,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-')
}

impl CompletionContext {
    pub(crate) fn new(analysis: &FileAnalysis, offset: TextSize) -> CompletionContext {
        let text = &analysis.text;
        let at = usize::from(offset).min(text.len());
        let before = &text[..at];
        let prefix_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_name_char(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let prefix = before[prefix_start..].to_string();
        let replace = TextRange::new(TextSize::from(prefix_start as u32), offset);
        let (base, chain_start) = dotted_base(before, prefix_start);
        let kind = if in_literal_or_comment(analysis, offset) {
            CompletionKind::Nothing
        } else if let Some(kind) = inherit_names(analysis, prefix_start) {
            kind
        } else if starts_attr_key(analysis, chain_start) {
            CompletionKind::AttrKey {
                path: base.unwrap_or_default(),
            }
        } else {
            match base {
                Some(base) => CompletionKind::Select { base },
                None => CompletionKind::Expr,
            }
        };
        CompletionContext {
            offset,
            prefix,
            replace,
            kind,
        }
    }

    pub(crate) fn matches(&self, label: &str) -> bool {
        label
            .to_ascii_lowercase()
            .starts_with(&self.prefix.to_ascii_lowercase())
    }
}

/// The dotted names before the prefix (`lib.strings.` gives `["lib", "strings"]`) and where
/// the chain starts. `Some(vec![])` when the dot follows something that is not a name
/// (`(f x).a`): a selection whose base is unknown.
fn dotted_base(before: &str, prefix_start: usize) -> (Option<Vec<String>>, usize) {
    let mut end = prefix_start;
    let mut parts = Vec::new();
    while before[..end].ends_with('.') {
        let part_end = end - 1;
        let part_start = before[..part_end]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_name_char(*c))
            .last()
            .map_or(part_end, |(i, _)| i);
        if part_start == part_end {
            parts.clear();
            return (Some(parts), prefix_start);
        }
        parts.push(before[part_start..part_end].to_string());
        end = part_start;
    }
    parts.reverse();
    if parts.is_empty() {
        (None, prefix_start)
    } else {
        (Some(parts), end)
    }
}

fn in_literal_or_comment(analysis: &FileAnalysis, offset: TextSize) -> bool {
    let Some(token) = left_token(analysis, offset) else {
        return false;
    };
    let inside = token.text_range().start() < offset && offset < token.text_range().end();
    match token.kind() {
        SyntaxKind::TOKEN_COMMENT => inside || !token.text().starts_with("/*"),
        SyntaxKind::TOKEN_STRING_CONTENT | SyntaxKind::TOKEN_STRING_START => true,
        SyntaxKind::TOKEN_PATH_REL | SyntaxKind::TOKEN_PATH_ABS | SyntaxKind::TOKEN_PATH_HOME => {
            true
        }
        _ => false,
    }
}

/// The token ending at or covering `offset` (the one the user just typed into).
fn left_token(analysis: &FileAnalysis, offset: TextSize) -> Option<SyntaxToken> {
    if offset == TextSize::from(0) || offset > analysis.root.text_range().end() {
        return None;
    }
    analysis.root.token_at_offset(offset).left_biased()
}

/// The last token before `offset` that is not space or a comment.
pub(crate) fn previous_significant(
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<SyntaxToken> {
    let mut token = left_token(analysis, offset)?;
    loop {
        let trivia = matches!(
            token.kind(),
            SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT
        );
        if !trivia && token.text_range().end() <= offset {
            return Some(token);
        }
        token = token.prev_token()?;
    }
}

/// After `{` of a set, `;` ending an entry, or `let`: the start of a key, not an expression.
fn starts_attr_key(analysis: &FileAnalysis, chain_start: usize) -> bool {
    let Some(token) = previous_significant(analysis, TextSize::from(chain_start as u32)) else {
        return false;
    };
    let parent = token.parent().map(|p| p.kind());
    match token.kind() {
        SyntaxKind::TOKEN_L_BRACE => parent == Some(SyntaxKind::NODE_ATTR_SET),
        SyntaxKind::TOKEN_SEMICOLON => matches!(
            parent,
            Some(SyntaxKind::NODE_ATTRPATH_VALUE | SyntaxKind::NODE_INHERIT)
        ),
        SyntaxKind::TOKEN_LET => true,
        _ => false,
    }
}

/// Inside `inherit ... ;` after the names start: `Inherit` for plain names, `Nothing` for
/// `inherit (e) ...` (names of `e`, unknown until evaluation).
fn inherit_names(analysis: &FileAnalysis, prefix_start: usize) -> Option<CompletionKind> {
    let mut token = previous_significant(analysis, TextSize::from(prefix_start as u32));
    while let Some(t) = token {
        match t.kind() {
            SyntaxKind::TOKEN_INHERIT => return Some(CompletionKind::Inherit),
            SyntaxKind::TOKEN_R_PAREN
                if t.parent()
                    .is_some_and(|p| p.kind() == SyntaxKind::NODE_INHERIT_FROM) =>
            {
                return Some(CompletionKind::Nothing)
            }
            SyntaxKind::TOKEN_IDENT | SyntaxKind::TOKEN_WHITESPACE | SyntaxKind::TOKEN_COMMENT => {}
            _ => return None,
        }
        token = t.prev_token();
    }
    None
}

/// Completion items at the cursor with the options the workspace declares: those of
/// `host`, or of every host when it is `None`.
pub(crate) fn complete(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    position: FilePosition,
) -> Vec<CompletionItem> {
    complete_items(db, Some((workspace, host)), position)
}

pub(crate) fn complete_items(
    db: &dyn Db,
    options: Option<(Workspace, Option<&str>)>,
    position: FilePosition,
) -> Vec<CompletionItem> {
    let analysis = FileAnalysis::new(db, position.file);
    let context = CompletionContext::new(&analysis, position.offset);
    let mut items = Vec::new();
    if let Some((workspace, host)) = options {
        // Inside a secret name: only key paths of the sops files.
        if crate::secrets::complete_secrets(db, workspace, &analysis, position.offset, &mut items) {
            items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
            return items;
        }
        // Inside a middleware or unit name: the host's middlewares or units.
        crate::entities::complete_entities(
            db,
            workspace,
            host,
            &analysis,
            position.offset,
            &mut items,
        );
        if let CompletionKind::Select { base } = &context.kind {
            crate::entities::complete_services(
                db,
                workspace,
                host,
                &analysis,
                base,
                context.replace,
                &mut items,
            );
        }
        crate::options::complete_options(db, workspace, host, &analysis, &context, &mut items);
        crate::options::complete_values(db, workspace, host, &analysis, &context, &mut items);
    }
    match &context.kind {
        CompletionKind::Expr => {
            locals(&analysis, &context, &mut items);
            globals(&context, &mut items);
        }
        CompletionKind::Inherit => locals(&analysis, &context, &mut items),
        CompletionKind::Select { base } if is_builtins(&analysis, &context, base) => {
            for builtin in BUILTINS {
                push_builtin(&context, builtin, Tier::Builtin, &mut items);
            }
        }
        CompletionKind::Select { base } => {
            crate::lib_docs::complete_lib(&context, base, &mut items);
        }
        CompletionKind::AttrKey { .. } | CompletionKind::Nothing => {}
    }
    items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.label.clone()));
    items
}

/// `builtins.` where `builtins` is the global, not a local of that name.
fn is_builtins(analysis: &FileAnalysis, context: &CompletionContext, base: &[String]) -> bool {
    base == ["builtins"]
        && !visible_bindings(analysis, context.offset).any(|(name, _, _)| name == "builtins")
}

/// Names of lexical scopes and literal `with`s at the cursor, innermost first; a name
/// shadowed by an inner scope appears once.
fn visible_bindings<'a>(
    analysis: &'a FileAnalysis,
    offset: TextSize,
) -> impl Iterator<Item = (&'a str, usize, Option<usize>)> + 'a {
    let mut seen = std::collections::HashSet::new();
    analysis
        .resolution
        .scopes_at(offset)
        .enumerate()
        .flat_map(
            move |(depth, scope)| -> Vec<(&'a str, usize, Option<usize>)> {
                match &scope.kind {
                    ScopeKind::Lexical(ids) => ids
                        .iter()
                        .map(|&id| {
                            (
                                analysis.resolution.bindings[id].name.as_str(),
                                depth,
                                Some(id),
                            )
                        })
                        .collect(),
                    ScopeKind::With(Some(keys)) => {
                        keys.iter().map(|k| (k.as_str(), depth, None)).collect()
                    }
                    ScopeKind::With(None) => Vec::new(),
                }
            },
        )
        .filter(move |(name, _, _)| seen.insert(*name))
}

fn locals(analysis: &FileAnalysis, context: &CompletionContext, items: &mut Vec<CompletionItem>) {
    for (name, depth, binding) in visible_bindings(analysis, context.offset) {
        if !context.matches(name) {
            continue;
        }
        let (kind, tier, detail) = match binding {
            Some(id) => (
                CompletionItemKind::Variable,
                Tier::Local,
                describe_kind(analysis.resolution.bindings[id].kind).to_string(),
            ),
            None => (
                CompletionItemKind::Field,
                Tier::WithField,
                "from `with`".to_string(),
            ),
        };
        items.push(CompletionItem {
            label: name.to_string(),
            kind,
            detail: Some(detail),
            documentation: None,
            sort_text: format!("{}{depth:03}{name}", tier as u8),
            replace: context.replace,
        });
    }
}

fn globals(context: &CompletionContext, items: &mut Vec<CompletionItem>) {
    for builtin in BUILTINS.iter().filter(|b| b.global) {
        push_builtin(context, builtin, Tier::Global, items);
    }
}

fn push_builtin(
    context: &CompletionContext,
    builtin: &Builtin,
    tier: Tier,
    items: &mut Vec<CompletionItem>,
) {
    if !context.matches(builtin.name) {
        return;
    }
    let kind = if builtin.is_function() {
        CompletionItemKind::Function
    } else {
        CompletionItemKind::Constant
    };
    items.push(CompletionItem {
        label: builtin.name.to_string(),
        kind,
        detail: Some(builtin.signature()),
        documentation: Some(builtin.doc.to_string()),
        sort_text: format!("{}000{}", tier as u8, builtin.name),
        replace: context.replace,
    });
}

#[cfg(test)]
pub(crate) mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::fixture::Fixture;

    fn context(text: &str) -> CompletionContext {
        let fx = Fixture::new(text);
        let analysis = FileAnalysis::new(&fx.db, fx.position.file);
        CompletionContext::new(&analysis, fx.position.offset)
    }

    fn check(text: &str, expected: Expect) {
        let fx = Fixture::new(text);
        let items = complete_items(&fx.db, None, fx.position);
        let rendered: Vec<String> = items
            .iter()
            .take(8)
            .map(|i| {
                format!(
                    "{} ({:?}) {}",
                    i.label,
                    i.kind,
                    i.detail.as_deref().unwrap_or("")
                )
            })
            .collect();
        let more = items.len().saturating_sub(8);
        let mut out = rendered.join("\n");
        if more > 0 {
            out.push_str(&format!("\n… {more} more"));
        }
        expected.assert_eq(&out);
    }

    #[test]
    fn contexts() {
        assert_eq!(context("[ pk$0 ]").kind, CompletionKind::Expr);
        assert_eq!(context("[ pk$0 ]").prefix, "pk");
        assert_eq!(
            context("builtins.ma$0").kind,
            CompletionKind::Select {
                base: vec!["builtins".into()]
            }
        );
        assert_eq!(
            context("{ a = lib.strings.$0 }").kind,
            CompletionKind::Select {
                base: vec!["lib".into(), "strings".into()]
            }
        );
        assert_eq!(
            context("{ services.tr$0 }").kind,
            CompletionKind::AttrKey {
                path: vec!["services".into()]
            }
        );
        assert_eq!(
            context("{ a = 1; ser$0 }").kind,
            CompletionKind::AttrKey { path: vec![] }
        );
        assert_eq!(
            context("let a = 1; inherit b$0; in a").kind,
            CompletionKind::Inherit
        );
        assert_eq!(context("{ a = \"x$0\"; }").kind, CompletionKind::Nothing);
        assert_eq!(context("# pk$0\n1").kind, CompletionKind::Nothing);
        assert_eq!(context("with x; pk$0").kind, CompletionKind::Expr);
        assert_eq!(
            context("(f x).$0").kind,
            CompletionKind::Select { base: vec![] }
        );
    }

    #[test]
    fn locals_first_innermost_first_then_globals() {
        check(
            "{ config, pkgs, ... }: let cfg = config.x; port = 1; in { a = p$0 }",
            expect![[r#"
                port (Variable) let binding
                pkgs (Variable) function argument (from a `{ ... }` pattern)
                placeholder (Function) builtins.placeholder output"#]],
        );
    }

    #[test]
    fn shadowed_names_appear_once() {
        check(
            "let x = 1; in let x = 2; in x$0",
            expect!["x (Variable) let binding"],
        );
    }

    #[test]
    fn builtins_members() {
        check(
            "builtins.conc$0",
            expect![[r#"
                concatLists (Function) builtins.concatLists lists
                concatMap (Function) builtins.concatMap f list
                concatStringsSep (Function) builtins.concatStringsSep sep strings"#]],
        );
        check(
            "builtins.$0",
            expect![[r#"
                abort (Function) builtins.abort message
                add (Function) builtins.add a b
                all (Function) builtins.all pred list
                any (Function) builtins.any pred list
                attrNames (Function) builtins.attrNames set
                attrValues (Function) builtins.attrValues set
                baseNameOf (Function) builtins.baseNameOf path
                bitAnd (Function) builtins.bitAnd a b
                … 108 more"#]],
        );
        check("let builtins = { }; in builtins.$0", expect![""]);
    }

    #[test]
    fn literal_with_keys_and_nothing_in_keys() {
        check(
            "with { alpha = 1; }; al$0",
            expect!["alpha (Field) from `with`"],
        );
        check("{ config, ... }: { services.$0 }", expect![""]);
    }

    #[test]
    fn completes_inside_broken_text() {
        check(
            "{ pkgs, ... }: let hello = 1; in { a = he$0",
            expect!["hello (Variable) let binding"],
        );
    }

    /// A fleet with a home-manager-shaped NixOS module of its own: `home-manager.users` is an
    /// `attrsOf` submodule whose modules declare `programs.git.*`; NixOS's side declares
    /// `programs.git.systemWide`. `home.nix` is alice's module.
    pub(crate) const HOME_FLEET: &str = r#"//- flake.nix
{
  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }: {
    nixosConfigurations.web = nixpkgs.lib.nixosSystem {
      system = "x86_64-linux";
      modules = [ ./hm.nix ./host.nix ];
    };
  };
}
//- hm.nix
{ lib, ... }: {
  options.programs.git.systemWide = lib.mkOption { type = lib.types.bool; default = false; };
  options.home-manager.users = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submoduleWith {
      modules = [ ./hm-git.nix ];
    });
    default = { };
  };
}
//- hm-git.nix
{ lib, ... }: {
  options.programs.git.enable = lib.mkOption {
    type = lib.types.bool;
    default = false;
    description = "Whether git is configured for the user.";
  };
  options.programs.git.userName = lib.mkOption { type = lib.types.nullOr lib.types.str; default = null; };
}
"#;

    /// The host's module of [`HOME_FLEET`].
    pub(crate) const HOME_HOST: &str = "//- host.nix\n{ ... }: {\n  programs.git.systemWide = true;\n  home-manager.users.alice = import ./home.nix;\n}\n";

    fn check_options(files: &str, expected: Expect) {
        let fx = Fixture::new(&format!("{HOME_FLEET}{files}"));
        let items = complete(&fx.db, fx.workspace, None, fx.position);
        let rendered: Vec<String> = items
            .iter()
            .filter(|i| i.kind == CompletionItemKind::Option)
            .map(|i| format!("{} {}", i.label, i.detail.as_deref().unwrap_or("")))
            .collect();
        expected.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn a_home_manager_module_gets_the_users_options() {
        check_options(
            &format!("{HOME_HOST}//- home.nix\n{{ ... }}: {{ programs.git.$0 }}\n"),
            expect![[r#"
                enable boolean
                userName null or string"#]],
        );
        check_options(
            &format!("{HOME_HOST}//- home.nix\n{{ ... }}: {{ programs.git = {{ enable = true; u$0 }}; }}\n"),
            expect!["userName null or string"],
        );
        // The host's own module still gets NixOS's side.
        check_options(
            "//- home.nix\n{ ... }: { }\n//- host.nix\n{ ... }: { programs.git.$0 home-manager.users.alice = import ./home.nix; }\n",
            expect!["systemWide boolean"],
        );
    }

    #[test]
    fn a_home_manager_module_gets_the_values_of_the_users_options() {
        let fx = Fixture::new(&format!(
            "{HOME_FLEET}{HOME_HOST}//- home.nix\n{{ ... }}: {{ programs.git.enable = $0 }}\n"
        ));
        let items = complete(&fx.db, fx.workspace, None, fx.position);
        let rendered: Vec<String> = items
            .iter()
            .filter(|i| i.kind == CompletionItemKind::Value)
            .map(|i| i.label.clone())
            .collect();
        expect![[r#"
            false
            true"#]]
        .assert_eq(&rendered.join("\n"));
    }
}
