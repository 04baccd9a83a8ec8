//! Reads a host's evaluated configuration with the knowledge packs.
//!
//! A pattern is walked two ways. Below a declared option (`qgroget.services`), the merged
//! value is exact: it is used. Elsewhere (options of nixpkgs and of flake inputs, which qg
//! does not declare) the merged value is unknown, since another module may add to it; there
//! the walk reads the flake's own definitions instead: a definition that certainly applies
//! is a certain entity, and a definition qg cannot see into (an unknown value, an unknown
//! `mkIf` condition) marks the kind as incomplete, so that no rule reports a missing one.

use std::collections::HashSet;
use std::rc::Rc;

use qg_eval::{EvalResult, Evaluator, Span, Sym, Thunk, Value};
use qg_syntax::Span as FileSpan;

use super::pack::{EntityQuery, OpenQuery, Pack, Parse, Pattern, ReferenceQuery, Segment, Select};
use super::{listen_address, publish_port, Entity, HostFacts, Reference};
use crate::modules::config::ModuleSet;
use crate::modules::definitions::{resolve, Activity};
use crate::modules::report::flake_span;
use crate::modules::source::WorkspaceLoader;

/// The facts the packs find on one host.
pub(crate) fn host_facts(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
    packs: &[Pack],
) -> HostFacts {
    let mut facts = HostFacts::default();
    for pack in packs {
        facts.known_inputs.extend(pack.inputs.iter().cloned());
        for (kind, suffix) in &pack.default_suffix {
            facts.default_suffix.push((kind.clone(), suffix.clone()));
        }
        for query in &pack.entities {
            entities(&mut Walker::new(ev, root), loader, pack, query, &mut facts);
        }
        for query in &pack.references {
            references(&mut Walker::new(ev, root), loader, query, &mut facts);
        }
    }
    for pack in packs {
        for query in &pack.opens {
            opens(&mut Walker::new(ev, root), packs, query, &mut facts);
        }
    }
    dedup_by_place(&mut facts);
    facts
}

/// The entities one `[[entity]]` of a pack finds.
fn entities(
    walker: &mut Walker<'_, '_>,
    loader: &WorkspaceLoader<'_>,
    pack: &Pack,
    query: &EntityQuery,
    facts: &mut HostFacts,
) {
    if let Some(when) = &query.when {
        match walker.condition(when) {
            Some(true) => {}
            Some(false) => return,
            None => {
                facts.incomplete.insert(query.kind.clone());
                return;
            }
        }
    }
    let Some(at) = &query.at else {
        for name in &query.names {
            facts.entities.push(Entity {
                kind: query.kind.clone(),
                name: name.clone(),
                span: None,
                at: format!("{} (pack {})", pack.file, pack.name),
                owner: None,
                address: None,
                absolute: false,
            });
        }
        return;
    };
    let (at, found) = first_spelling(walker, at, &query.alternatives);
    let (found, switches_known) = walker.enabled(at, query.enabled_by.as_deref(), found);
    if walker.incomplete || !switches_known {
        facts.incomplete.insert(query.kind.clone());
    }
    for f in found {
        let mut span = f.span;
        let equals = query.equals.as_deref();
        let names = if query.select.key.is_empty() {
            read_names(walker.ev, &f, &query.select, &query.name, equals, &mut span)
        } else {
            vec![(key_text(walker, &f, &query.select.key, &mut span), None)]
        };
        let place = Place::of(walker.ev, loader, &f, span);
        for (name, address) in names {
            let Some(name) = name else {
                facts.incomplete.insert(query.kind.clone());
                continue;
            };
            facts.entities.push(Entity {
                kind: query.kind.clone(),
                name,
                span: place.span.clone(),
                at: place.at.clone(),
                owner: place.owner.clone(),
                address,
                absolute: query.absolute,
            });
        }
    }
}

/// The first of `at` and its alternatives that finds a value (or that qg cannot read
/// completely), with what it finds: a fleet declares one spelling of an option.
fn first_spelling<'p>(
    walker: &mut Walker<'_, '_>,
    at: &'p Pattern,
    alternatives: &'p [Pattern],
) -> (&'p Pattern, Vec<Found>) {
    let found = walker.find(at);
    if !found.is_empty() || walker.incomplete {
        return (at, found);
    }
    for other in alternatives {
        let found = walker.find(other);
        if !found.is_empty() || walker.incomplete {
            return (other, found);
        }
    }
    (at, found)
}

/// Marks the kinds of one `[[open]]` incomplete where the host defines one of its options
/// that no pack models: an enabled service whose users no `when` of the packs lists, a
/// Traefik provider reading configuration Nix does not write.
fn opens(walker: &mut Walker<'_, '_>, packs: &[Pack], query: &OpenQuery, facts: &mut HostFacts) {
    walker.values_end_the_walk = true;
    for at in &query.at {
        let found = walker.find(at);
        let unknown = walker.incomplete;
        walker.incomplete = false;
        for kind in &query.kinds {
            if unknown {
                facts.incomplete.insert(kind.clone());
            }
        }
        for f in found {
            let text = value_text(&f.value);
            let applies = match (&query.equals, &text) {
                (None, _) | (Some(_), None) => true,
                (Some(e), Some(t)) => e == t,
            };
            let path: Vec<&str> = f.path.iter().map(|p| &**p).collect();
            if !applies || query.except.iter().any(|e| e.matches(&path)) {
                continue;
            }
            if enabled_in_nixos_module(walker.root, &f.path) {
                // A switch of a NixOS module qg reads: what the module creates is in the
                // host's configuration (its users, its units), read like the flake's own.
                continue;
            }
            for kind in &query.kinds {
                if !modeled(packs, kind, &path) {
                    facts.incomplete.insert(kind.clone());
                }
            }
        }
    }
}

/// Whether `path` is the `enable` option of a module of a nixpkgs tree qg reads.
fn enabled_in_nixos_module(root: &ModuleSet, path: &[Sym]) -> bool {
    path.last().is_some_and(|l| &**l == "enable")
        && root.decls().option(path).is_some_and(|decl| {
            decl.sites
                .iter()
                .any(|s| root.ctx.in_nixpkgs_tree(&s.origin.file))
        })
}

/// Whether a pack lists what the option at `path` brings of `kind` (an entity with that
/// `when`).
fn modeled(packs: &[Pack], kind: &str, path: &[&str]) -> bool {
    packs
        .iter()
        .flat_map(|p| &p.entities)
        .any(|e| e.kind == kind && e.when.as_ref().is_some_and(|w| w.matches(path)))
}

/// A scalar value as text; `None` when unknown or not a scalar.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.text.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Path(p) => Some(p.to_string()),
        _ => None,
    }
}

/// The references one `[[reference]]` of a pack finds (unknown ones are left out: a rule
/// cannot report what it cannot read).
fn references(
    walker: &mut Walker<'_, '_>,
    loader: &WorkspaceLoader<'_>,
    query: &ReferenceQuery,
    facts: &mut HostFacts,
) {
    let found = walker.find(&query.at);
    let (found, _) = walker.enabled(&query.at, query.enabled_by.as_deref(), found);
    for f in found {
        let mut span = f.span;
        let names = read_names(walker.ev, &f, &query.select, "{value}", None, &mut span);
        let place = Place::of(walker.ev, loader, &f, span);
        for name in names.into_iter().filter_map(|(name, _)| name) {
            let name = match &query.local_suffix {
                Some(suffix) => name
                    .strip_suffix(suffix.as_str())
                    .unwrap_or(&name)
                    .to_string(),
                None => name,
            };
            // An empty value is how an option says "unset" (`unitName = ""` by default):
            // it names nothing, so it references nothing.
            if name.is_empty() {
                continue;
            }
            if let Some(marker) = &query.external_marker {
                if name.contains(marker.as_str()) {
                    continue;
                }
            }
            facts.references.push(Reference {
                kinds: query.kinds.clone(),
                name,
                span: place.span.clone(),
                at: place.at.clone(),
                owner: place.owner.clone(),
                rule: query.rule,
                relation: query.relation,
            });
        }
    }
}

/// The same value reached by two paths (a service's `persistedData` is also in
/// `environment.persistence`) is one entity: the first path found is kept.
fn dedup_by_place(facts: &mut HostFacts) {
    let mut seen = HashSet::new();
    facts.entities.retain(|e| {
        e.span.is_none() || seen.insert((e.kind.clone(), e.name.clone(), e.span.clone()))
    });
    let mut seen = HashSet::new();
    facts
        .references
        .retain(|r| r.span.is_none() || seen.insert((r.rule, r.name.clone(), r.span.clone())));
}

/// Where a found value is, in the flake's terms; shared by every name it gives.
struct Place {
    span: Option<FileSpan>,
    at: String,
    owner: Option<String>,
}

impl Place {
    fn of(
        ev: &Evaluator<'_>,
        loader: &WorkspaceLoader<'_>,
        f: &Found,
        span: Option<Span>,
    ) -> Place {
        Place {
            span: span.and_then(|s| flake_span(ev, loader, s)),
            at: option_path(&f.path),
            owner: f.capture.as_ref().map(|c| c.0.clone()),
        }
    }
}

fn option_path(path: &[Sym]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|p| {
            let ok = !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'')
                && !p.starts_with(|c: char| c.is_ascii_digit() || c == '-');
            if ok {
                p.to_string()
            } else {
                format!("{:?}", &**p)
            }
        })
        .collect();
    parts.join(".")
}

/// A value found at the end of a pattern.
struct Found {
    value: Value,
    span: Option<Span>,
    path: Vec<Sym>,
    /// The last `<name>` met, and where it is written.
    capture: Option<(String, Option<Span>)>,
}

/// The names a found value gives (`None` for an unknown one), with the bound address of
/// ports; `span` becomes the selected field's where there is one.
fn read_names(
    ev: &mut Evaluator<'_>,
    found: &Found,
    select: &Select,
    template: &str,
    equals: Option<&str>,
    span: &mut Option<Span>,
) -> Vec<(Option<String>, Option<String>)> {
    let named = |value: &str| {
        template
            .replace(
                "{name}",
                found.capture.as_ref().map_or("", |c| c.0.as_str()),
            )
            .replace("{value}", value)
    };
    let needs_value = template.contains("{value}") || equals.is_some();
    if !needs_value && select.field.is_none() && select.parse.is_none() {
        return vec![(Some(named("")), None)];
    }
    let value = match (&select.field, &found.value) {
        (None, v) => v.clone(),
        (Some(field), Value::Attrs(a)) => match a.get(field) {
            Some(t) => match ev.force(t) {
                Ok(v) => {
                    *span = t.span().or(*span);
                    v
                }
                Err(_) => return vec![(None, None)],
            },
            None => return Vec::new(),
        },
        (Some(_), v @ Value::String(_)) if select.strings => v.clone(),
        (Some(_), Value::Unknown(_)) => return vec![(None, None)],
        (Some(_), _) => return Vec::new(),
    };
    let text = match &value {
        Value::String(s) => s.text.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Path(p) => p.to_string(),
        Value::Unknown(_) => return vec![(None, None)],
        _ => return Vec::new(),
    };
    if equals.is_some_and(|e| e != text) {
        return Vec::new();
    }
    match select.parse {
        None => vec![(Some(named(&text)), None)],
        Some(Parse::PublishPort) => match publish_port(&text) {
            Some(ports) => ports
                .into_iter()
                .map(|(port, address)| (Some(named(&port)), address))
                .collect(),
            None => Vec::new(),
        },
        Some(Parse::ListenAddress) => match listen_address(&text) {
            Some((port, address)) => vec![(Some(named(&port)), address)],
            None => Vec::new(),
        },
    }
}

/// `rule: Host(`a`), entryPoints: web, priority: unset`: the fields of the set at
/// `found` that together name it, as the flake defines them; `None` when one is unknown.
/// `span` becomes the first field's.
fn key_text(
    walker: &mut Walker<'_, '_>,
    found: &Found,
    fields: &[String],
    span: &mut Option<Span>,
) -> Option<String> {
    let mut parts = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let mut segments: Vec<Segment> = found
            .path
            .iter()
            .map(|n| Segment::Name(n.to_string()))
            .collect();
        segments.push(Segment::Name(field.clone()));
        let mut field_walker = Walker::new(walker.ev, walker.root);
        let values = field_walker.find(&Pattern(segments));
        if field_walker.incomplete {
            return None;
        }
        if i == 0 {
            *span = values.iter().find_map(|v| v.span).or(*span);
        }
        let mut texts = Vec::new();
        for v in &values {
            match &v.value {
                Value::List(items) => {
                    for item in items.iter() {
                        texts.push(value_text(&walker.ev.force(item).ok()?)?);
                    }
                }
                other => texts.push(value_text(other)?),
            }
        }
        texts.sort();
        let text = if texts.is_empty() {
            "unset".to_string()
        } else {
            texts.join(",")
        };
        parts.push(format!("{field}: {text}"));
    }
    Some(parts.join(", "))
}

/// Where a walk is: inside a merged value, or at a path of the flake's definitions.
enum At {
    Merged(Value, Option<Span>),
    Defs,
}

struct Walker<'a, 'e> {
    ev: &'a mut Evaluator<'e>,
    root: &'a Rc<ModuleSet>,
    incomplete: bool,
    /// A value where the pattern goes on into a set (`enable = true` where `<_>.enable`
    /// looks further) is no match rather than a definition qg cannot see into: for the
    /// wide patterns of `[[open]]`, which cross every option of a namespace.
    values_end_the_walk: bool,
}

impl<'a, 'e> Walker<'a, 'e> {
    fn new(ev: &'a mut Evaluator<'e>, root: &'a Rc<ModuleSet>) -> Self {
        Walker {
            ev,
            root,
            incomplete: false,
            values_end_the_walk: false,
        }
    }

    /// Every value at the pattern; `incomplete` is set where one may be missing.
    fn find(&mut self, pattern: &Pattern) -> Vec<Found> {
        let mut out = Vec::new();
        if self
            .step(At::Defs, Vec::new(), None, &pattern.0, &mut out)
            .is_err()
        {
            self.incomplete = true;
        }
        out
    }

    /// A boolean option: `None` when unknown.
    fn condition(&mut self, pattern: &Pattern) -> Option<bool> {
        self.flag(pattern, false)
    }

    /// A boolean option, `absent` when nothing defines it; `None` when unknown.
    fn flag(&mut self, pattern: &Pattern, absent: bool) -> Option<bool> {
        let found = self.find(pattern);
        if self.incomplete {
            return None;
        }
        if found.is_empty() {
            return Some(absent);
        }
        let mut result = false;
        for f in found {
            match f.value {
                Value::Bool(b) => result |= b,
                _ => return None,
            }
        }
        Some(result)
    }

    /// The found values whose set matched by the first wildcard of `at` is not switched
    /// off by `enabled_by` (`environment.persistence.<root>.enable = false`). `None` when
    /// a switch is unknown.
    fn enabled(
        &mut self,
        at: &Pattern,
        enabled_by: Option<&str>,
        found: Vec<Found>,
    ) -> (Vec<Found>, bool) {
        let Some(switch) = enabled_by else {
            return (found, true);
        };
        let Some(depth) =
            at.0.iter()
                .position(|s| matches!(s, Segment::Capture | Segment::Any))
        else {
            return (found, true);
        };
        let mut complete = true;
        let mut kept = Vec::new();
        for f in found {
            let Some(prefix) = f.path.get(..=depth) else {
                continue;
            };
            let mut segments: Vec<Segment> = prefix
                .iter()
                .map(|n| Segment::Name(n.to_string()))
                .collect();
            segments.push(Segment::Name(switch.to_string()));
            let mut walker = Walker::new(self.ev, self.root);
            match walker.flag(&Pattern(segments), true) {
                Some(true) => kept.push(f),
                Some(false) => {}
                None => complete = false,
            }
        }
        (kept, complete)
    }

    /// Enters `path`: the merged value if it is a declared option.
    fn enter(&mut self, path: &[Sym]) -> EvalResult<Option<At>> {
        if let Some(state) = self.root.option_state(path) {
            let span = state.value.span();
            let value = self.ev.force(&state.value)?;
            return Ok(Some(At::Merged(value, span)));
        }
        match self.root.node(self.ev, path)? {
            Some(node) => {
                if node.unknown {
                    self.incomplete = true;
                }
                Ok(Some(At::Defs))
            }
            None => Ok(None),
        }
    }

    fn step(
        &mut self,
        at: At,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        rest: &[Segment],
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        match at {
            At::Merged(value, span) => self.step_merged(value, span, path, capture, rest, out),
            At::Defs => self.step_defs(path, capture, rest, out),
        }
    }

    fn step_merged(
        &mut self,
        value: Value,
        span: Option<Span>,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        rest: &[Segment],
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        let Some((segment, rest)) = rest.split_first() else {
            if value.is_unknown() {
                self.incomplete = true;
            }
            // A merged option value carries its declaration's span: show where it is
            // defined, or, for a default, the name it belongs to.
            let owner = capture.as_ref().and_then(|c| c.1);
            let span = self.definition_span(&path)?.or(owner).or(span);
            out.push(Found {
                value,
                span,
                path,
                capture,
            });
            return Ok(());
        };
        match (segment, &value) {
            (_, Value::Unknown(_)) => self.incomplete = true,
            (Segment::Name(n), Value::Attrs(a)) => match a.get_attr(n) {
                Some(attr) => {
                    let t = attr.value.clone();
                    let mut child = path;
                    child.push(attr.name.clone());
                    self.merged_child(&t, child, capture, rest, out)?;
                }
                None if a.open.is_some() => self.incomplete = true,
                None => {}
            },
            (Segment::Capture | Segment::Any, Value::Attrs(a)) => {
                if a.open.is_some() {
                    self.incomplete = true;
                }
                for attr in a.iter() {
                    let mut child = path.clone();
                    child.push(attr.name.clone());
                    let capture = match segment {
                        Segment::Capture => Some((attr.name.to_string(), attr.key_span)),
                        _ => capture.clone(),
                    };
                    if rest.is_empty() {
                        out.push(Found {
                            value: Value::Null,
                            span: attr.key_span,
                            path: child,
                            capture,
                        });
                        continue;
                    }
                    self.merged_child(&attr.value, child, capture, rest, out)?;
                }
            }
            (Segment::Each, Value::List(items)) => {
                for t in items.iter() {
                    if rest.is_empty() {
                        // An element keeps the span of where it is written.
                        match self.ev.force(t) {
                            Ok(value) => out.push(Found {
                                value,
                                span: t.span(),
                                path: path.clone(),
                                capture: capture.clone(),
                            }),
                            Err(_) => self.incomplete = true,
                        }
                        continue;
                    }
                    self.merged_child(t, path.clone(), capture.clone(), rest, out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn merged_child(
        &mut self,
        t: &Thunk,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        rest: &[Segment],
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        match self.ev.force(t) {
            Ok(v) => self.step_merged(v, t.span(), path, capture, rest, out),
            Err(_) => {
                self.incomplete = true;
                Ok(())
            }
        }
    }

    fn step_defs(
        &mut self,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        rest: &[Segment],
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        let Some((segment, rest_after)) = rest.split_first() else {
            return self.settled_values(path, capture, None, out);
        };
        match segment {
            Segment::Name(n) => {
                let mut child = path;
                child.push(n.as_str().into());
                self.descend(child, capture, rest_after, out)
            }
            Segment::Capture | Segment::Any => {
                let Some(node) = self.root.node(self.ev, &path)? else {
                    return Ok(());
                };
                let children = self.root.children(self.ev, &node)?;
                let leaves_unknown = !children.leaves.is_empty() && !self.values_end_the_walk;
                if !children.unknown.is_empty() || leaves_unknown {
                    self.incomplete = true;
                }
                for (name, defs) in &children.by_name {
                    // Resolving discharges `mkIf`s inside the values too.
                    let resolved = resolve(self.ev, defs)?;
                    if resolved.any_maybe() {
                        self.incomplete = true;
                    }
                    let Some(first) = resolved
                        .defs
                        .iter()
                        .find(|r| r.activity == Activity::Active)
                    else {
                        continue;
                    };
                    let key_span = first.def.key_span;
                    let capture = match segment {
                        Segment::Capture => Some((name.to_string(), key_span)),
                        _ => capture.clone(),
                    };
                    let mut child = path.clone();
                    child.push(name.clone());
                    if rest_after.is_empty() {
                        out.push(Found {
                            value: Value::Null,
                            span: key_span,
                            path: child,
                            capture,
                        });
                        continue;
                    }
                    self.descend(child, capture, rest_after, out)?;
                }
                Ok(())
            }
            Segment::Each => self.settled_values(path, capture, Some(rest_after), out),
        }
    }

    fn descend(
        &mut self,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        rest: &[Segment],
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        match self.enter(&path)? {
            Some(at) => self.step(at, path, capture, rest, out),
            None => Ok(()),
        }
    }

    /// Where the flake defines the value at `path` (the first definition that applies).
    fn definition_span(&mut self, path: &[Sym]) -> EvalResult<Option<Span>> {
        let defs = self.root.defs_at(self.ev, path)?;
        let resolved = resolve(self.ev, &defs)?;
        Ok(resolved
            .defs
            .iter()
            .find(|r| r.activity == Activity::Active)
            .and_then(|r| r.def.span))
    }

    /// The values the flake certainly defines at `path` (highest priority only); with
    /// `each`, the elements of list values, walked further with the given rest.
    fn settled_values(
        &mut self,
        path: Vec<Sym>,
        capture: Option<(String, Option<Span>)>,
        each: Option<&[Segment]>,
        out: &mut Vec<Found>,
    ) -> EvalResult<()> {
        let defs = self.root.defs_at(self.ev, &path)?;
        let resolved = resolve(self.ev, &defs)?;
        if resolved.any_maybe() {
            self.incomplete = true;
        }
        for r in resolved
            .defs
            .iter()
            .filter(|r| r.activity == Activity::Active)
        {
            let span = r.def.span;
            match each {
                None => {
                    if r.value.is_unknown() {
                        self.incomplete = true;
                    }
                    out.push(Found {
                        value: r.value.clone(),
                        span,
                        path: path.clone(),
                        capture: capture.clone(),
                    });
                }
                Some(rest) => match &r.value {
                    Value::List(items) => {
                        for t in items.iter() {
                            match self.ev.force(t) {
                                Ok(value) if rest.is_empty() => out.push(Found {
                                    value,
                                    span: t.span().or(span),
                                    path: path.clone(),
                                    capture: capture.clone(),
                                }),
                                Ok(v) => self.step_merged(
                                    v,
                                    t.span().or(span),
                                    path.clone(),
                                    capture.clone(),
                                    rest,
                                    out,
                                )?,
                                Err(_) => self.incomplete = true,
                            }
                        }
                    }
                    Value::Unknown(_) => self.incomplete = true,
                    _ => {}
                },
            }
        }
        Ok(())
    }
}
