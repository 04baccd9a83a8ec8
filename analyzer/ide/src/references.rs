//! References across the fleet: every place of every Nix file that names an option path
//! (definition keys, also in nested sets, and `config.` selections, also through local
//! aliases), and through it services (`qgroget.services.<name>`) and secrets
//! (`sops.secrets.<name>`, `config.sops.placeholder.<name>`); middlewares and units through
//! the knowledge packs' facts ([`super::entities`]).
//!
//! The search is syntactic over the whole flake, so that it finds uses in files no host
//! reads yet; a `<name>` segment of an option path matches any name.

use rnix::{SyntaxKind, SyntaxNode};
use rowan::TextSize;

use qg_nixos::ANY_NAME;
use qg_syntax::{Span, Workspace};

use crate::options::{attrpath_names, enclosing_keys, option_at};
use crate::values::expr_path;
use crate::{Db, FileAnalysis, FilePosition};

/// The attribute (a name or a string of an attrpath) at `offset`, looking at both sides
/// when the cursor sits between two tokens.
pub(crate) fn attr_at(analysis: &FileAnalysis, offset: TextSize) -> Option<SyntaxNode> {
    let root = &analysis.root;
    if offset > root.text_range().end() {
        return None;
    }
    let candidates = match root.token_at_offset(offset) {
        rowan::TokenAtOffset::None => return None,
        rowan::TokenAtOffset::Single(t) => vec![t],
        rowan::TokenAtOffset::Between(l, r) => vec![r, l],
    };
    candidates.into_iter().find_map(|token| {
        token.parent_ancestors().take(2).find(|n| {
            matches!(n.kind(), SyntaxKind::NODE_IDENT | SyntaxKind::NODE_STRING)
                && n.parent()
                    .is_some_and(|p| p.kind() == SyntaxKind::NODE_ATTRPATH)
        })
    })
}

/// The option path of the attribute at `offset`, and the attribute.
pub(crate) fn path_at(
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(SyntaxNode, Vec<String>)> {
    let attr = attr_at(analysis, offset)?;
    let path = path_of_attr(analysis, &attr.parent()?, &attr)?;
    Some((attr, path))
}

/// The option path an attribute of an attrpath names (from the root of `config`), or
/// `None` where the keys are not option paths.
pub(crate) fn path_of_attr(
    analysis: &FileAnalysis,
    attrpath: &SyntaxNode,
    attr: &SyntaxNode,
) -> Option<Vec<String>> {
    let owner = attrpath.parent()?;
    let mut path = match owner.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => {
            let set = owner.parent()?;
            if set.kind() != SyntaxKind::NODE_ATTR_SET {
                return None; // a `let` binding
            }
            let keys = enclosing_keys(&set)?;
            match keys.first().map(String::as_str) {
                Some("config") => keys[1..].to_vec(),
                Some("options") | Some("imports") => return None,
                _ => keys,
            }
        }
        SyntaxKind::NODE_SELECT => expr_path(analysis, &owner.first_child()?, 0)?,
        _ => return None,
    };
    path.extend(attrpath_names(attrpath, Some(attr))?);
    Some(path)
}

fn matches(path: &[String], target: &[String]) -> bool {
    path.len() == target.len()
        && path
            .iter()
            .zip(target)
            .all(|(p, t)| t == ANY_NAME || p == t)
}

/// Every attribute of the fleet's Nix files whose option path is `target`.
pub(crate) fn path_references(db: &dyn Db, workspace: Workspace, target: &[String]) -> Vec<Span> {
    let Some(last) = target.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for file in workspace.files(db).iter() {
        let path = file.path(db);
        if !path.ends_with(".nix") || (last != ANY_NAME && !file.text(db).contains(last.as_str())) {
            continue;
        }
        let analysis = FileAnalysis::new(db, *file);
        for attrpath in analysis
            .root
            .descendants()
            .filter(|n| n.kind() == SyntaxKind::NODE_ATTRPATH)
        {
            for attr in attrpath.children() {
                let Some(found) = path_of_attr(&analysis, &attrpath, &attr) else {
                    break;
                };
                if matches(&found, target) {
                    out.push(Span {
                        file: path.clone(),
                        range: attr.text_range(),
                    });
                }
            }
        }
    }
    out
}

/// What a reference search is about, from the cursor.
fn target_at(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    analysis: &FileAnalysis,
    position: FilePosition,
) -> Option<Vec<Vec<String>>> {
    let (_, path) = path_at(analysis, position.offset)?;
    // A secret is named the same way under `secrets` and `placeholder`.
    if path.len() == 3 && path[0] == "sops" && matches!(path[1].as_str(), "secrets" | "placeholder")
    {
        let name = path[2].clone();
        return Some(vec![
            vec!["sops".into(), "secrets".into(), name.clone()],
            vec!["sops".into(), "placeholder".into(), name],
        ]);
    }
    // A declared option: every name of its `<name>` segments.
    if let Some((_, option)) = option_at(db, workspace, host, analysis, position.offset) {
        return Some(vec![option.path]);
    }
    Some(vec![path])
}

/// References of what the cursor names across the fleet; `None` when it names no option
/// path, service or secret.
pub(crate) fn fleet_references(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    position: FilePosition,
) -> Option<Vec<Span>> {
    let analysis = FileAnalysis::new(db, position.file);
    if let Some(found) =
        super::entities::entity_references(db, workspace, host, &analysis, position.offset)
    {
        return Some(
            found
                .into_iter()
                .map(|(file, range)| Span { file, range })
                .collect(),
        );
    }
    let targets = target_at(db, workspace, host, &analysis, position)?;
    let mut out: Vec<Span> = targets
        .iter()
        .flat_map(|t| path_references(db, workspace, t))
        .collect();
    out.sort_by(|a, b| (a.file.as_ref(), a.range.start()).cmp(&(b.file.as_ref(), b.range.start())));
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// Ranges of `file` in `spans`, for tests.
#[cfg(test)]
fn in_file(spans: &[Span], file: &qg_syntax::RelPath) -> Vec<rowan::TextRange> {
    spans
        .iter()
        .filter(|s| &s.file == file)
        .map(|s| s.range)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;

    #[test]
    fn option_paths_are_found_in_keys_nested_sets_and_selections() {
        let fx = Fixture::new(
            "{ config, ... }: let cfg = config.qgroget.services; in {\n  qgroget.services.jelly$0fin.url = \"http://127.0.0.1:8096\";\n  qgroget = { services = { jellyfin.name = \"media\"; }; };\n  x = cfg.jellyfin.url;\n  y = config.qgroget.services.jellyfin;\n  z = config.qgroget.services.radarr;\n}\n",
        );
        let spans = path_references(
            &fx.db,
            fx.workspace,
            &["qgroget".into(), "services".into(), "jellyfin".into()],
        );
        let ranges = in_file(&spans, fx.position.file.path(&fx.db));
        assert_eq!(ranges.len(), 4, "{}", fx.mark(&ranges));
        let wildcard = path_references(
            &fx.db,
            fx.workspace,
            &[
                "qgroget".into(),
                "services".into(),
                ANY_NAME.into(),
                "url".into(),
            ],
        );
        assert_eq!(in_file(&wildcard, fx.position.file.path(&fx.db)).len(), 2);
    }
}
