//! Services, middlewares and units in the editor, from what the knowledge packs found on the
//! host (`HostReport::facts`): completion of middleware and unit names in their strings and
//! of service names after `config.qgroget.services.`, hover, go to definition, references
//! across the fleet, and rename of services.
//!
//! A service is named where it is declared (`qgroget.services.<name>` keys, also in nested
//! sets) and where it is read (`config.qgroget.services.<name>`, also through a local alias
//! such as `cfg = config.qgroget.services;`). Those are found syntactically in every file,
//! so that references and rename work across the fleet whatever host reads the file.

use rnix::{SyntaxKind, SyntaxNode};
use rowan::{TextRange, TextSize};

use qg_nixos::{host_report, Entity, HostFacts, HostName};
use qg_syntax::{RelPath, Span, TextEdit, Workspace};

use crate::completion::{CompletionItem, CompletionItemKind};
use crate::options::attrpath_names;
use crate::references::{path_at, path_references};
use crate::values::{host_for, host_phrase};
use crate::{Db, FileAnalysis, NavigationTarget};

/// The option path under which services are declared.
const SERVICES: [&str; 2] = ["qgroget", "services"];

/// Options whose strings name units (full names, or bare names meaning `.service`).
const UNIT_OPTIONS: &[&str] = &[
    "unitName",
    "systemdUnits",
    "restartUnits",
    "reloadUnits",
    "wants",
    "requires",
    "after",
    "before",
    "wantedBy",
    "requiredBy",
    "bindsTo",
    "partOf",
    "conflicts",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntityKind {
    Service,
    Middleware,
    Unit,
}

impl EntityKind {
    fn fact_kind(self) -> &'static str {
        match self {
            EntityKind::Service => "service",
            EntityKind::Middleware => "middleware",
            EntityKind::Unit => "unit",
        }
    }
}

/// A service, middleware or unit named at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntityAt {
    pub kind: EntityKind,
    pub name: String,
    /// The name as written (inside the quotes of a string).
    pub range: TextRange,
}

/// What the cursor names, if it is a service, a middleware or a unit.
pub(crate) fn entity_at(analysis: &FileAnalysis, offset: TextSize) -> Option<EntityAt> {
    service_at(analysis, offset).or_else(|| {
        let (kind, range, text) = string_context(analysis, offset)?;
        Some(EntityAt {
            kind,
            name: text,
            range,
        })
    })
}

/// The service named by the attribute at the cursor.
fn service_at(analysis: &FileAnalysis, offset: TextSize) -> Option<EntityAt> {
    let (attr, path) = path_at(analysis, offset)?;
    let [a, b, name] = path.as_slice() else {
        return None;
    };
    ([a.as_str(), b.as_str()] == SERVICES).then(|| EntityAt {
        kind: EntityKind::Service,
        name: name.clone(),
        range: attr.text_range(),
    })
}

/// A string at the cursor that names a middleware or a unit: its kind, the range of its
/// text (without quotes) and the text.
fn string_context(
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(EntityKind, TextRange, String)> {
    let token = analysis.root.token_at_offset(offset).find(|t| {
        matches!(
            t.kind(),
            SyntaxKind::TOKEN_STRING_CONTENT
                | SyntaxKind::TOKEN_STRING_START
                | SyntaxKind::TOKEN_STRING_END
        )
    })?;
    let string = token
        .parent()
        .filter(|p| p.kind() == SyntaxKind::NODE_STRING)?;
    if string.children().next().is_some() {
        return None; // interpolated
    }
    let option = owning_option(&string)?;
    let kind = if option == "middlewares" {
        EntityKind::Middleware
    } else if UNIT_OPTIONS.contains(&option.as_str()) {
        EntityKind::Unit
    } else {
        return None;
    };
    let full = string.text_range();
    let inner = TextRange::new(
        full.start() + TextSize::from(1),
        full.end().max(full.start() + TextSize::from(2)) - TextSize::from(1),
    );
    let text = analysis
        .text
        .get(usize::from(inner.start())..usize::from(inner.end()))?;
    Some((kind, inner, text.to_string()))
}

/// The last key of the attribute whose value holds `node` (through lists, `++`,
/// `lib.optional x` and parentheses).
fn owning_option(node: &SyntaxNode) -> Option<String> {
    let mut child = node.clone();
    for parent in node.ancestors().skip(1) {
        match parent.kind() {
            SyntaxKind::NODE_LIST
            | SyntaxKind::NODE_BIN_OP
            | SyntaxKind::NODE_APPLY
            | SyntaxKind::NODE_PAREN => {}
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let attrpath = parent
                    .children()
                    .find(|c| c.kind() == SyntaxKind::NODE_ATTRPATH)?;
                if attrpath == child {
                    return None;
                }
                return attrpath_names(&attrpath, None)?.pop();
            }
            _ => return None,
        }
        child = parent;
    }
    None
}

/// The facts of the host used for the file.
fn host_facts<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
) -> Option<(&'db HostFacts, String, bool)> {
    let (host, chosen) = host_for(db, workspace, selected, analysis)?;
    let report = host_report(db, workspace, HostName::new(db, host.clone()));
    Some((&report.facts, host, chosen))
}

/// Middleware and unit names in their strings.
pub(crate) fn complete_entities(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
    items: &mut Vec<CompletionItem>,
) {
    let Some((kind, range, _)) = string_context(analysis, offset) else {
        return;
    };
    let Some((facts, host, _)) = host_facts(db, workspace, selected, analysis) else {
        return;
    };
    let replace = TextRange::new(range.start(), offset.max(range.start()).min(range.end()));
    let prefix = &analysis.text[usize::from(replace.start())..usize::from(replace.end())];
    let mut names: Vec<&Entity> = facts
        .entities_of(kind.fact_kind())
        .filter(|e| e.name.starts_with(prefix))
        .collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    names.dedup_by(|a, b| a.name == b.name);
    for e in names {
        items.push(CompletionItem {
            label: e.name.clone(),
            kind: CompletionItemKind::Value,
            detail: Some(format!("{} of `{host}` ({})", kind.fact_kind(), e.at)),
            documentation: None,
            sort_text: format!("0{}", e.name),
            replace,
        });
    }
}

/// Service names after `config.qgroget.services.` (or an alias of it).
pub(crate) fn complete_services(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    base: &[String],
    replace: TextRange,
    items: &mut Vec<CompletionItem>,
) {
    let is_services = match base.split_first() {
        Some((first, rest)) if first == "config" => rest == SERVICES,
        _ => false,
    };
    if !is_services {
        return;
    }
    let Some((facts, host, _)) = host_facts(db, workspace, selected, analysis) else {
        return;
    };
    let prefix = &analysis.text[usize::from(replace.start())..usize::from(replace.end())];
    for e in facts
        .entities_of("service")
        .filter(|e| e.name.starts_with(prefix))
    {
        let url = facts
            .entities_of("service-url")
            .find(|u| u.owner.as_deref() == Some(&e.name))
            .map(|u| u.name.clone());
        items.push(CompletionItem {
            label: e.name.clone(),
            kind: CompletionItemKind::Field,
            detail: Some(match url {
                Some(url) => format!("service of `{host}` → {url}"),
                None => format!("service of `{host}`"),
            }),
            documentation: None,
            sort_text: format!("0{}", e.name),
            replace,
        });
    }
}

/// Hover text for the service, middleware or unit at the cursor.
pub(crate) fn entity_hover(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<(TextRange, String)> {
    let at = entity_at(analysis, offset)?;
    let (facts, host, chosen) = host_facts(db, workspace, selected, analysis)?;
    let on = host_phrase(&host, chosen);
    let text = match at.kind {
        EntityKind::Service => service_summary(db, workspace, facts, &at.name, &on)?,
        EntityKind::Middleware | EntityKind::Unit => {
            let name = facts.normalized(at.kind.fact_kind(), &at.name);
            let found: Vec<&Entity> = facts
                .entities_of(at.kind.fact_kind())
                .filter(|e| e.name == name)
                .collect();
            let mut text = format!("**{} `{name}`** {on}\n", at.kind.fact_kind());
            if found.is_empty() {
                text.push_str("\nNot found on this host.\n");
            }
            for e in found {
                match &e.span {
                    Some(span) => {
                        let line = line_of(db, workspace, span);
                        text.push_str(&format!("\n- `{}` at `{}:{line}`", e.at, span.file));
                    }
                    None => text.push_str(&format!("\n- from {}", e.at)),
                }
            }
            text
        }
    };
    Some((at.range, text))
}

fn service_summary(
    db: &dyn Db,
    workspace: Workspace,
    facts: &HostFacts,
    name: &str,
    on: &str,
) -> Option<String> {
    let own = |kind: &'static str| -> Vec<&Entity> {
        facts
            .entities_of(kind)
            .filter(|e| e.owner.as_deref() == Some(name))
            .collect()
    };
    let service = facts.entities_of("service").find(|e| e.name == name)?;
    let mut text = format!("**service `{name}`** {on}\n");
    if let Some(span) = &service.span {
        let line = line_of(db, workspace, span);
        text.push_str(&format!("\ndeclared at `{}:{line}`\n", span.file));
    }
    let list = |entities: Vec<&Entity>| {
        entities
            .iter()
            .map(|e| format!("`{}`", e.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (label, kind) in [
        ("subdomain", "subdomain"),
        ("URL", "service-url"),
        ("persisted", "persisted-path"),
    ] {
        let found = own(kind);
        if !found.is_empty() {
            text.push_str(&format!("\n- {label}: {}", list(found)));
        }
    }
    let refs = |rule: qg_syntax::RuleId| -> Vec<String> {
        facts
            .references
            .iter()
            .filter(|r| r.rule == rule && r.at.starts_with(&format!("qgroget.services.{name}.")))
            .map(|r| format!("`{}`", r.name))
            .collect()
    };
    for (label, rule) in [
        ("middlewares", qg_syntax::RuleId::Qg304),
        ("unit", qg_syntax::RuleId::Qg305),
        ("backups", qg_syntax::RuleId::Qg402),
    ] {
        let found = refs(rule);
        if !found.is_empty() {
            text.push_str(&format!("\n- {label}: {}", found.join(", ")));
        }
    }
    Some(text)
}

fn line_of(db: &dyn Db, workspace: Workspace, span: &Span) -> u32 {
    workspace
        .file(db, &span.file)
        .map(|f| qg_syntax::line_index(db, f).line(span.range.start()) + 1)
        .unwrap_or(1)
}

/// Go to definition: a middleware or unit to where the host declares it; a service read
/// from `config` to where it is declared.
pub(crate) fn entity_definition(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Vec<NavigationTarget> {
    let Some(at) = entity_at(analysis, offset) else {
        return Vec::new();
    };
    let Some((facts, _, _)) = host_facts(db, workspace, selected, analysis) else {
        return Vec::new();
    };
    let name = facts.normalized(at.kind.fact_kind(), &at.name);
    facts
        .entities_of(at.kind.fact_kind())
        .filter(|e| e.name == name)
        .filter_map(|e| e.span.clone())
        .filter(|s| !(s.file == analysis.path && s.range.contains_range(at.range)))
        .map(NavigationTarget::from)
        .collect()
}

/// Every place of the fleet that names the entity at the cursor; `None` when the cursor
/// is on none.
pub(crate) fn entity_references(
    db: &dyn Db,
    workspace: Workspace,
    selected: Option<&str>,
    analysis: &FileAnalysis,
    offset: TextSize,
) -> Option<Vec<(RelPath, TextRange)>> {
    let at = entity_at(analysis, offset)?;
    if at.kind == EntityKind::Service {
        return Some(service_references(db, workspace, &at.name));
    }
    let (facts, _, _) = host_facts(db, workspace, selected, analysis)?;
    let kind = at.kind.fact_kind();
    let name = facts.normalized(kind, &at.name);
    let declared = facts
        .entities_of(kind)
        .filter(|e| e.name == name)
        .filter_map(|e| e.span.clone());
    let referenced = facts
        .references
        .iter()
        .filter(|r| r.kinds.iter().any(|k| k == kind) && facts.normalized(kind, &r.name) == name)
        .filter_map(|r| r.span.clone());
    let mut out: Vec<(RelPath, TextRange)> = declared
        .chain(referenced)
        .map(|s| {
            let range = string_inside(db, workspace, &s);
            (s.file, range)
        })
        .collect();
    out.push((analysis.path.clone(), at.range));
    out.sort_by(|a, b| (a.0.as_ref(), a.1.start()).cmp(&(b.0.as_ref(), b.1.start())));
    out.dedup();
    Some(out)
}

/// A quoted string's range without its quotes (facts point at whole literals).
fn string_inside(db: &dyn Db, workspace: Workspace, span: &Span) -> TextRange {
    let quoted = workspace.file(db, &span.file).is_some_and(|f| {
        let text = f.text(db);
        let written = text.get(usize::from(span.range.start())..usize::from(span.range.end()));
        written.is_some_and(|w| w.len() >= 2 && w.starts_with('"') && w.ends_with('"'))
    });
    if quoted {
        TextRange::new(
            span.range.start() + TextSize::from(1),
            span.range.end() - TextSize::from(1),
        )
    } else {
        span.range
    }
}

/// Every `qgroget.services.<name>` key and `config.qgroget.services.<name>` selection of
/// the fleet's Nix files.
pub(crate) fn service_references(
    db: &dyn Db,
    workspace: Workspace,
    name: &str,
) -> Vec<(RelPath, TextRange)> {
    let target = [
        SERVICES[0].to_string(),
        SERVICES[1].to_string(),
        name.to_string(),
    ];
    path_references(db, workspace, &target)
        .into_iter()
        .map(|s| (s.file, s.range))
        .collect()
}

/// The edits that rename a service everywhere it is named; `None` when `new_name` is not a
/// usable attribute name.
pub(crate) fn rename_service(
    db: &dyn Db,
    workspace: Workspace,
    old_name: &str,
    new_name: &str,
) -> Option<Vec<TextEdit>> {
    if new_name.is_empty() || new_name.contains(['"', '\\', '$', '\n']) {
        return None;
    }
    let bare = new_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'')
        && !new_name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '\'');
    let mut edits = Vec::new();
    for (file, range) in service_references(db, workspace, old_name) {
        let source = workspace.file(db, &file)?;
        let written = &source.text(db)[usize::from(range.start())..usize::from(range.end())];
        let new_text = if written.starts_with('"') || !bare {
            format!("\"{new_name}\"")
        } else {
            new_name.to_string()
        };
        edits.push(TextEdit {
            file,
            range,
            new_text,
        });
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::Fixture;

    fn kinds_at(text: &str) -> Option<(EntityKind, String)> {
        let f = Fixture::new(text);
        let analysis = FileAnalysis::new(&f.db, f.position.file);
        entity_at(&analysis, f.position.offset).map(|e| (e.kind, e.name))
    }

    #[test]
    fn finds_services_middlewares_and_units() {
        assert_eq!(
            kinds_at("{ qgroget.services.jelly$0fin.url = \"x\"; }"),
            Some((EntityKind::Service, "jellyfin".into()))
        );
        assert_eq!(
            kinds_at("{ qgroget = { services = { \"jelly$0fin\" = { }; }; }; }"),
            Some((EntityKind::Service, "jellyfin".into()))
        );
        assert_eq!(
            kinds_at(
                "{ config, ... }: let cfg = config.qgroget.services; in { x = cfg.rad$0arr.url; }"
            ),
            Some((EntityKind::Service, "radarr".into()))
        );
        assert_eq!(
            kinds_at("{ lib, ... }: { qgroget.services.a.middlewares = lib.optional true \"SS$0O\" ++ [ \"x\" ]; }"),
            Some((EntityKind::Middleware, "SSO".into()))
        );
        assert_eq!(
            kinds_at("{ qgroget.backups.a.systemdUnits = [ \"jellyfin$0.service\" ]; }"),
            Some((EntityKind::Unit, "jellyfin.service".into()))
        );
        assert_eq!(kinds_at("{ description = \"jelly$0fin\"; }"), None);
    }

    #[test]
    fn options_the_packs_know_complete() {
        let fx = Fixture::new(
            "{ virtualisation.quadlet.containers.web.containerConfig.publi$0 = [ ]; }",
        );
        let items = crate::completion::complete(&fx.db, fx.workspace, None, fx.position);
        let item = items.iter().find(|i| i.label == "publishPorts").unwrap();
        assert_eq!(
            item.detail.as_deref(),
            Some("(known from the knowledge pack `quadlet`)")
        );
        assert_eq!(kinds_at("{ qgroget.services.a = { u$0rl = 1; }; }"), None);
    }
}

#[cfg(test)]
mod example_fleet {
    use super::*;
    use crate::host::FlakeHost;

    fn fleet() -> FlakeHost {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qgroget");
        FlakeHost::load(&root.canonicalize().unwrap(), Default::default()).unwrap()
    }

    /// The analysis of `path` and the offset just after the first `needle` in it.
    fn at(host: &FlakeHost, path: &str, needle: &str) -> (FileAnalysis, TextSize) {
        let file = host.file(path).unwrap();
        let analysis = FileAnalysis::new(host.db(), file);
        let offset = analysis.text.find(needle).unwrap() + needle.len();
        (analysis, TextSize::from(offset as u32))
    }

    const JELLYFIN: &str = "modules/server/media/video/jellyfin.nix";

    #[test]
    fn middleware_names_complete_hover_and_navigate() {
        let host = fleet();
        let (db, ws) = (host.db(), host.workspace());
        let (analysis, offset) = at(&host, JELLYFIN, "\"jellyfin-headers\" \"rate-");
        let mut items = Vec::new();
        complete_entities(db, ws, Some("Server"), &analysis, offset, &mut items);
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["rate-limit"]);
        let targets = entity_definition(db, ws, Some("Server"), &analysis, offset);
        let files: Vec<&str> = targets.iter().map(|t| &*t.file).collect();
        assert_eq!(files, ["modules/server/traefik/default.nix"]);
        let (_, text) = entity_hover(db, ws, Some("Server"), &analysis, offset).unwrap();
        assert!(
            text.starts_with("**middleware `rate-limit`** on `Server`"),
            "{text}"
        );
        assert!(
            text.contains("modules/server/traefik/default.nix:"),
            "{text}"
        );
        let refs = entity_references(db, ws, Some("Server"), &analysis, offset).unwrap();
        assert!(
            refs.len() >= 5,
            "rate-limit is used by several services: {refs:?}"
        );
    }

    #[test]
    fn units_complete_from_the_host() {
        let host = fleet();
        let (analysis, offset) = at(&host, JELLYFIN, "unitName = \"jelly");
        let mut items = Vec::new();
        complete_entities(
            host.db(),
            host.workspace(),
            Some("Server"),
            &analysis,
            offset,
            &mut items,
        );
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["jellyfin.service", "jellyseerr.service"]);
    }

    #[test]
    fn services_hover_and_rename_across_the_fleet() {
        let host = fleet();
        let (db, ws) = (host.db(), host.workspace());
        let (analysis, offset) = at(&host, JELLYFIN, "qgroget.services.jelly");
        let (_, text) = entity_hover(db, ws, Some("Server"), &analysis, offset).unwrap();
        expect_test::expect![[r#"
            **service `jellyfin`** on `Server`

            declared at `modules/server/media/video/jellyfin.nix:60`

            - subdomain: `jellyfin`
            - URL: `http://127.0.0.1:8096`
            - persisted: `/var/lib/jellyfin`
            - middlewares: `jellyfin-headers`, `rate-limit`
            - unit: `jellyfin.service`
            - backups: `/var/lib/jellyfin/config`, `/var/lib/jellyfin/data`"#]]
        .assert_eq(&text);
        let edits = rename_service(db, ws, "jellyfin", "media").unwrap();
        let places: Vec<(&str, String)> = edits
            .iter()
            .map(|e| (&*e.file, e.new_text.clone()))
            .collect();
        assert!(
            places.contains(&(JELLYFIN, "media".to_string())),
            "{places:?}"
        );
        assert!(rename_service(db, ws, "jellyfin", "a\"b").is_none());
    }
}
