//! ## What it finds
//! `config.sops.secrets.<name>` or `config.sops.placeholder.<name>` read in a module of a
//! host that declares no `sops.secrets.<name>`: typically a typo in the name, or a secret
//! declared in a module that this host does not import.
//!
//! ## Why it matters
//! The attribute does not exist: the build of the host stops with `attribute '<name>'
//! missing`, far from the typo, or (behind `or`) the service silently gets no secret.
//!
//! ## Example
//! ```nix
//! sops.secrets."tailscale/auth_key" = {};
//! services.tailscale.authKeyFile = config.sops.secrets."tailscale/authkey".path;
//! ```
//!
//! ## Severity
//! An error: the attribute does not exist and the evaluation stops. Silent when the read
//! has an `or` default, when it is under a condition (but see below), and when the module
//! itself declares that secret (it is then a module of another module system, such as a
//! home-manager user's, or its declaration is under a condition qg cannot decide).
//!
//! On a host whose secrets qg does not all know (a module it cannot read, a declaration
//! built from an unknown value), and for a read under a condition (`mkIf`, `if`,
//! `optional`, a function body), only a name one edit from a declared secret is reported
//! (`miljet` beside `mailjet`), as a **warning**: very likely a typo, not certainly (the
//! condition may be false, and a secret declared under it is not on the host now).
//!
//! ## Fix
//! Use the declared name (qg suggests the closest one), or declare the secret on the host
//! (`sops.secrets."<name>" = {};`; qg offers to add it to the module).

use rowan::ast::AstNode;

use qg_nixos::DeclaredSecret;
use qg_syntax::{
    static_attr_name, suggest, Cutoff, Diagnostic, Fix, RelPath, Rule, RuleId, Span, TextEdit,
    Workspace,
};

use crate::support::one_edit;
use crate::Db;

pub(crate) const RULE: Rule = Rule {
    id: RuleId::Qg202,
    summary: "a sops-nix secret read from config but not declared on the host",
    source: include_str!("qg202_undeclared_secret.rs"),
};

/// The QG202 findings of one host: the `config.sops.secrets.<name>` selections in the
/// flake files it evaluated whose name it does not declare. When qg does not know all the
/// host's secrets (`complete` is false), only a name one edit from a declared one, as a
/// warning.
pub(crate) fn check_host(
    db: &dyn Db,
    workspace: Workspace,
    files: &[RelPath],
    secrets: &[DeclaredSecret],
    complete: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rel in files.iter().filter(|f| f.ends_with(".nix")) {
        let Some(file) = workspace.file(db, rel) else {
            continue;
        };
        let parse = qg_syntax::parse(db, file);
        if !parse.errors.is_empty() {
            continue;
        }
        let root = parse.root();
        if !binds_config(&root) {
            continue;
        }
        let mut declared_here: Option<Vec<String>> = None;
        for node in root.syntax().descendants() {
            let Some(select) = rnix::ast::Select::cast(node) else {
                continue;
            };
            if select.default_expr().is_some() {
                continue;
            }
            let Some(rnix::ast::Expr::Ident(base)) = select.expr() else {
                continue;
            };
            if base.syntax().text() != "config" {
                continue;
            }
            let Some(path) = select.attrpath() else {
                continue;
            };
            let attrs: Vec<rnix::ast::Attr> = path.attrs().take(3).collect();
            let [sops, kind, name_attr] = attrs.as_slice() else {
                continue;
            };
            let kind_name = static_attr_name(kind);
            if static_attr_name(sops).as_deref() != Some("sops")
                || !matches!(kind_name.as_deref(), Some("secrets" | "placeholder"))
            {
                continue;
            }
            let Some(name) = static_attr_name(name_attr) else {
                continue;
            };
            if secrets.iter().any(|s| s.name == name) {
                continue;
            }
            // The module declares the secret itself: if the host lacks it, the module is
            // evaluated by another module system (a home-manager user's `sops.secrets`)
            // or its declaration is under a condition qg cannot decide.
            let own = declared_here.get_or_insert_with(|| declared_in_file(&root));
            if own.contains(&name) {
                continue;
            }
            let names = secrets.iter().map(|s| s.name.as_str());
            let closest = suggest(&name, names, Cutoff::AtLeastThree, 1)
                .first()
                .map(|c| c.to_string());
            // Under a condition, the host may declare the secret only when it holds; a
            // name one edit from a declared one is still very likely a typo.
            let sure = complete && !is_conditional(&root, select.syntax());
            let typo = closest.as_deref().is_some_and(|c| one_edit(&name, c));
            if !sure && !typo {
                continue;
            }
            let message = format!(
                "`config.sops.{}.\"{name}\"` is read, but this host declares no `sops.secrets.\"{name}\"`",
                kind_name.unwrap_or_default()
            );
            let span = Span {
                file: rel.clone(),
                range: name_attr.syntax().text_range(),
            };
            let mut d = Diagnostic::new(RuleId::Qg202, span.clone(), message);
            if !sure {
                d = crate::hosts::at_most_warning(d);
            }
            if let Some(c) = closest {
                d = d.with_suggestion(c.clone());
                d = d.with_fix(Fix {
                    title: format!("Use `{c}`"),
                    edits: vec![TextEdit {
                        file: span.file,
                        range: span.range,
                        new_text: format!("\"{c}\""),
                    }],
                });
            }
            let declare = format!("sops.secrets.\"{name}\" = {{ }};");
            let text = file.text(db);
            if let Some(edit) =
                super::support::insert_definition(root.syntax(), rel, text, &declare)
            {
                d = d.with_fix(Fix {
                    title: format!("Declare `sops.secrets.\"{name}\"` in this module"),
                    edits: vec![edit],
                });
            }
            out.push(d);
        }
    }
    out
}

/// The names the file defines under `sops.secrets` (`sops.secrets.x = ...`,
/// `sops = { secrets."x" = ...; }`), whatever the condition around them.
fn declared_in_file(root: &rnix::Root) -> Vec<String> {
    let mut out = Vec::new();
    for node in root.syntax().descendants() {
        let Some(entry) = rnix::ast::AttrpathValue::cast(node) else {
            continue;
        };
        let mut path: Vec<String> = Vec::new();
        let mut complete = true;
        for ancestor in entry.syntax().ancestors() {
            let Some(outer) = rnix::ast::AttrpathValue::cast(ancestor) else {
                continue;
            };
            let names: Option<Vec<String>> = outer
                .attrpath()
                .map(|p| p.attrs().map(|a| static_attr_name(&a)).collect())
                .unwrap_or(None);
            match names {
                Some(mut names) => {
                    names.append(&mut path);
                    path = names;
                }
                None => complete = false,
            }
        }
        if !complete {
            continue;
        }
        for window in path.windows(3) {
            if window[0] == "sops" && window[1] == "secrets" {
                out.push(window[2].clone());
            }
        }
    }
    out
}

/// Whether the file is a module function taking `config` as a formal (`{config, ...}:`).
fn binds_config(root: &rnix::Root) -> bool {
    let Some(rnix::ast::Expr::Lambda(lambda)) = root.expr() else {
        return false;
    };
    let Some(rnix::ast::Param::Pattern(pattern)) = lambda.param() else {
        return false;
    };
    pattern
        .pat_entries()
        .any(|e| e.ident().is_some_and(|i| i.syntax().text() == "config"))
}

/// Whether the node is under a condition or a function that the host may never evaluate:
/// `if`, `lib.mkIf`, `lib.optional*`, or a function other than the module's own. A module
/// often declares and reads a secret under the same `mkIf cfg.enable`.
fn is_conditional(root: &rnix::Root, node: &rnix::SyntaxNode) -> bool {
    let module_lambda = root.expr().and_then(|e| match e {
        rnix::ast::Expr::Lambda(l) => Some(l.syntax().clone()),
        _ => None,
    });
    node.ancestors().skip(1).any(|a| {
        if let Some(apply) = rnix::ast::Apply::cast(a.clone()) {
            let mut f = apply.lambda();
            while let Some(rnix::ast::Expr::Apply(inner)) = f {
                f = inner.lambda();
            }
            let name = match f {
                Some(rnix::ast::Expr::Ident(i)) => i.syntax().text().to_string(),
                Some(rnix::ast::Expr::Select(s)) => s
                    .attrpath()
                    .and_then(|p| p.attrs().last())
                    .and_then(|a| static_attr_name(&a))
                    .unwrap_or_default(),
                _ => return true,
            };
            return name.starts_with("mkIf") || name.starts_with("optional");
        }
        match a.kind() {
            rnix::SyntaxKind::NODE_IF_ELSE => true,
            rnix::SyntaxKind::NODE_LAMBDA => Some(&a) != module_lambda.as_ref(),
            _ => false,
        }
    })
}
