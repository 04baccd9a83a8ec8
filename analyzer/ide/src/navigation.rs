//! Go to definition and find references.

use rowan::TextRange;

use qg_syntax::{Span, Workspace};

use crate::{classify, paths, Db, Definition, FileAnalysis, FilePosition, NavigationTarget};

/// Where the name or path under the cursor is defined: a local binding (every place that
/// defines it: `a.x = 1; a.y = 2;` defines `a` twice), or the file a relative path denotes.
/// Builtins and names from `with` have no location in the flake.
/// Option keys resolve in `host`'s declarations (every host's when `None`).
pub(crate) fn goto_definition(
    db: &dyn Db,
    workspace: Workspace,
    host: Option<&str>,
    position: FilePosition,
) -> Vec<NavigationTarget> {
    let analysis = FileAnalysis::new(db, position.file);
    if let Some(targets) =
        crate::secrets::secret_definition(db, workspace, host, &analysis, position.offset)
    {
        return targets;
    }
    let entities =
        crate::entities::entity_definition(db, workspace, host, &analysis, position.offset);
    if !entities.is_empty() {
        return entities;
    }
    let definitions =
        crate::values::config_definitions(db, workspace, host, &analysis, position.offset);
    if !definitions.is_empty() {
        return definitions;
    }
    // An option key, or a selection nothing in the flake defines: the declaration.
    let declared = analysis.token_at(position.offset).and_then(|token| {
        let path = crate::options::option_path_at(&token)
            .map(|(_, path)| path)
            .or_else(|| crate::values::selection_path_at(&analysis, &token))?;
        let path = crate::values::in_module(db, workspace, host, &analysis, path);
        crate::options::find_option(db, workspace, host, &path)
    });
    if let Some(target) = declared.as_ref().and_then(crate::options::option_target) {
        return vec![target];
    }
    let Some((_, definition)) = classify(&analysis, position.offset) else {
        return Vec::new();
    };
    match definition {
        Definition::Local(id) => {
            let binding = &analysis.resolution.bindings[id];
            binding
                .name_ranges
                .iter()
                .zip(&binding.definitions)
                .map(|(name, def)| NavigationTarget {
                    file: analysis.path.clone(),
                    full_range: def.text_range(),
                    focus_range: *name,
                })
                .collect()
        }
        Definition::Path(literal) => {
            paths::resolve_path_literal(db, workspace, &analysis.path, &literal)
                .map(|file| NavigationTarget {
                    file: file.into(),
                    full_range: TextRange::default(),
                    focus_range: TextRange::default(),
                })
                .into_iter()
                .collect()
        }
        Definition::Builtin(_) | Definition::With(_) | Definition::Undefined(_) => Vec::new(),
    }
}

/// Every use of the local binding under the cursor (and its definitions when asked), in text
/// order. `None` when the cursor is not on a local binding.
pub(crate) fn references(
    db: &dyn Db,
    position: FilePosition,
    include_declaration: bool,
) -> Option<Vec<Span>> {
    let analysis = FileAnalysis::new(db, position.file);
    let (_, Definition::Local(id)) = classify(&analysis, position.offset)? else {
        return None;
    };
    let resolution = &analysis.resolution;
    let mut ranges: Vec<TextRange> = resolution.references_to(id).map(|r| r.range).collect();
    if include_declaration {
        ranges.extend(resolution.bindings[id].name_ranges.iter().copied());
    }
    ranges.sort_by_key(|r| r.start());
    ranges.dedup();
    Some(
        ranges
            .into_iter()
            .map(|range| Span {
                file: analysis.path.clone(),
                range,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::fixture::Fixture;

    fn check_definition(text: &str, expected: Expect) {
        let fx = Fixture::new(text);
        let targets = goto_definition(&fx.db, fx.workspace, None, fx.position);
        let rendered: Vec<String> = targets
            .iter()
            .map(|t| {
                if *t.file == **fx.position.file.path(&fx.db) {
                    fx.mark(&[t.focus_range])
                } else {
                    format!("-> {}", t.file)
                }
            })
            .collect();
        expected.assert_eq(&rendered.join("\n---\n"));
    }

    #[test]
    fn variable_to_let_binding() {
        check_definition(
            "let cfg = 1; in c$0fg + 1",
            expect!["let [cfg] = 1; in cfg + 1"],
        );
    }

    #[test]
    fn innermost_binding_wins_and_lambda_args() {
        check_definition(
            "{ pkgs, ... }: let f = pkgs: pk$0gs.hello; in f",
            expect!["{ pkgs, ... }: let f = [pkgs]: pkgs.hello; in f"],
        );
    }

    #[test]
    fn binding_defined_in_pieces_has_every_piece() {
        check_definition(
            "let a.x = 1; a.y = 2; in a$0",
            expect![[r#"
                let [a].x = 1; a.y = 2; in a
                ---
                let a.x = 1; [a].y = 2; in a"#]],
        );
    }

    #[test]
    fn builtins_and_with_have_no_location() {
        check_definition(
            "{ pkgs }: with pkgs; [ hel$0lo (ma$0p toString [ ]) ]",
            expect![""],
        );
    }

    #[test]
    fn import_path_to_file_and_directory() {
        check_definition(
            "//- flake.nix\n{ imports = [ ./mod$0ules ./hosts/a.nix ]; }\n//- modules/default.nix\n{ }\n//- hosts/a.nix\n{ }\n",
            expect!["-> modules/default.nix"],
        );
        check_definition(
            "//- flake.nix\n{ imports = [ ./modules ./hosts/a.n$0ix ]; }\n//- modules/default.nix\n{ }\n//- hosts/a.nix\n{ }\n",
            expect!["-> hosts/a.nix"],
        );
        check_definition(
            "//- hosts/x/configuration.nix\n{ imports = [ ../../modules/$0z.nix ]; }\n",
            expect!["-> modules/z.nix"],
        );
    }

    #[test]
    fn references_with_and_without_declaration() {
        let fx = Fixture::new("let a = 1; b = a$0; in { inherit a; c = a + b; }");
        let spans = references(&fx.db, fx.position, true).unwrap();
        let ranges: Vec<_> = spans.iter().map(|s| s.range).collect();
        expect!["let [a] = 1; b = [a]; in { inherit [a]; c = [a] + b; }"]
            .assert_eq(&fx.mark(&ranges));
        let spans = references(&fx.db, fx.position, false).unwrap();
        assert_eq!(spans.len(), 3);
        let fx = Fixture::new("[ ma$0p ]");
        assert!(references(&fx.db, fx.position, true).is_none());
    }
}
