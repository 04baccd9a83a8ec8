//! The options a host declares, as plain data for IDE features (completion, hover,
//! navigation): path, type, description, default and where each is declared.
//!
//! Options inside submodules are listed too: below a `submodule` option directly, below an
//! `attrsOf (submodule …)` option after a `<name>` segment that stands for any key.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use qg_eval::{EvalResult, Evaluator, Sym, Value};
use qg_syntax::{Span as FileSpan, Workspace};

use super::config::ModuleSet;
use super::context::attr;
use super::declarations::{DeclNode, OptionDecl};
use super::definitions::ResolvedDefs;
use super::report::flake_span;
use super::source::WorkspaceLoader;
use super::types::Kind;
use super::{flake_hosts, HostName};
use crate::Db;

/// The segment standing for any key of an `attrsOf (submodule …)` option.
pub const ANY_NAME: &str = "<name>";

/// One declared option: plain data, also what the on-disk index stores
/// ([`super::decl_cache`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OptionInfo {
    /// Names from the root of `config`; [`ANY_NAME`] for a key of an `attrsOf` submodule.
    pub path: Vec<String>,
    /// The type as NixOS describes it (`one of "private", "public"`).
    pub type_description: String,
    pub description: Option<String>,
    /// The `default` as written in the declaring file.
    pub default_text: Option<String>,
    /// The option's name in its `mkOption` declaration, when it lies in the flake.
    #[serde(with = "file_span")]
    pub declared_at: Option<FileSpan>,
    /// The `default`, as `nix-instantiate --eval --strict` prints it.
    pub default: OptionDefault,
    /// The `defaultText` of the declaration (`pkgs.shadow`), as its text.
    pub default_literal: Option<String>,
    /// The `example`: a literal's text, else the value as `nix-instantiate --eval --strict`
    /// prints it.
    pub example: Option<String>,
    /// The option's name in its declaration outside the flake (a module of a nixpkgs
    /// tree), for hover links and go to declaration.
    pub declared_outside: Option<OutsideDeclaration>,
    /// The files declaring it: flake-relative, or as the evaluation knows them (a file of
    /// a nixpkgs tree is under its store path).
    pub declarations: Vec<String>,
    /// Where each declaration names the option, as NixOS's `declarationPositions`.
    pub positions: Vec<DeclPosition>,
    pub internal: bool,
    /// `visible = false` (or `"transparent"`) hides an option from the documentation.
    pub visible: bool,
    pub read_only: bool,
}

impl OptionInfo {
    /// The path as NixOS's documentation shows it (`users.users.<name>.home`): names
    /// joined with `.`, quoted unless identifiers.
    pub fn shown_path(&self) -> String {
        super::declarations::show_loc(&self.path)
    }
}

/// Where an option is declared in a file outside the flake.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OutsideDeclaration {
    /// The file as people know it: its path in its tree (`nixos/modules/...`).
    pub shown: String,
    /// Where the file lies on this machine: below the tree's store path, or in the folder
    /// given for the input (`--override-input`, `--store`).
    pub disk: std::path::PathBuf,
    /// The option's name in that file.
    #[serde(with = "text_range")]
    pub range: qg_syntax::TextRange,
    /// 1-based line of the name.
    pub line: u32,
}

/// A declaration's position: the file as [`OptionInfo::declarations`] shows it, 1-based
/// line and column of the option's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeclPosition {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// `declared_at` as plain data: the file and the byte range.
mod file_span {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use qg_syntax::Span;

    pub(super) fn serialize<S: Serializer>(span: &Option<Span>, s: S) -> Result<S::Ok, S::Error> {
        span.as_ref()
            .map(|sp| {
                (
                    &*sp.file,
                    u32::from(sp.range.start()),
                    u32::from(sp.range.end()),
                )
            })
            .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Span>, D::Error> {
        let plain: Option<(String, u32, u32)> = Deserialize::deserialize(d)?;
        Ok(plain.and_then(|(file, start, end)| {
            (start <= end).then(|| Span {
                file: file.into(),
                range: rowan::TextRange::new(start.into(), end.into()),
            })
        }))
    }
}

/// A range in a file as plain data: its start and end offsets.
mod text_range {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use qg_syntax::TextRange;

    pub(super) fn serialize<S: Serializer>(range: &TextRange, s: S) -> Result<S::Ok, S::Error> {
        (u32::from(range.start()), u32::from(range.end())).serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TextRange, D::Error> {
        let (start, end): (u32, u32) = Deserialize::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom("a range ends before it starts"));
        }
        Ok(TextRange::new(start.into(), end.into()))
    }
}

/// An option's default.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OptionDefault {
    /// The declaration sets none.
    None,
    /// It has one that qg cannot know (a package of `pkgs`, a value of another option...).
    Unknown,
    /// Printed as `nix-instantiate --eval --strict` prints it.
    Value(String),
}

/// Every option one host declares, sorted by path.
pub(crate) fn host_options<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: HostName<'db>,
) -> &'db [OptionInfo] {
    super::host_option_list(db, workspace, host)
}

/// The options of an evaluated host, sorted by path.
pub(crate) fn declared_options(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    root: &Rc<ModuleSet>,
) -> Vec<OptionInfo> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    collect(
        ev,
        loader,
        root,
        &root.decls().root,
        &mut path,
        &[],
        0,
        &mut out,
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// The options declared for `host`, or by any host of the flake (the first declaration of
/// a path wins), sorted by path. Cached until an edit: completion and hover read it on
/// every request, and with NixOS's own modules a host declares thousands of options.
pub fn option_index<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: Option<&str>,
) -> &'db [OptionInfo] {
    let host = host.map(|name| HostName::new(db, name.to_string()));
    option_index_query(db, workspace, host)
}

#[salsa::tracked(returns(ref))]
fn option_index_query<'db>(
    db: &'db dyn Db,
    workspace: Workspace,
    host: Option<HostName<'db>>,
) -> Vec<OptionInfo> {
    let mut out: Vec<OptionInfo> = Vec::new();
    for h in &flake_hosts(db, workspace).hosts {
        if host.is_some_and(|name| name.name(db) != &h.name) {
            continue;
        }
        out.extend(
            host_options(db, workspace, HostName::new(db, h.name.clone()))
                .iter()
                .cloned(),
        );
    }
    // Options of modules outside the flake that the knowledge packs name, below top-level
    // names the flake does not declare itself (`qgroget` is the fleet's own).
    let own: Vec<String> = out.iter().filter_map(|o| o.path.first().cloned()).collect();
    out.extend(
        pack_options(super::workspace_packs(db, workspace))
            .into_iter()
            .filter(|o| o.path.first().is_some_and(|top| !own.contains(top))),
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// The option paths the knowledge packs read entities and references at, as options for
/// completion and hover: a list's elements (`*`) are the list option itself.
fn pack_options(packs: &[crate::facts::Pack]) -> Vec<OptionInfo> {
    use crate::facts::pack::{Pattern, Segment};
    let mut out = Vec::new();
    for pack in packs {
        let patterns = pack
            .entities
            .iter()
            .filter_map(|e| e.at.as_ref())
            .chain(pack.references.iter().map(|r| &r.at));
        for Pattern(segments) in patterns {
            let path: Vec<String> = segments
                .iter()
                .take_while(|s| **s != Segment::Each)
                .map(|s| match s {
                    Segment::Name(n) => n.clone(),
                    _ => ANY_NAME.to_string(),
                })
                .collect();
            // A name is not an option; `services.<name>.enable` (a convention) says
            // nothing about any one service.
            if path.last().is_some_and(|l| l == ANY_NAME)
                || path.get(1).is_some_and(|p| p == ANY_NAME)
            {
                continue;
            }
            out.push(OptionInfo {
                path,
                type_description: format!("(known from the knowledge pack `{}`)", pack.name),
                description: Some(format!(
                    "Declared by a module outside the flake; qg knows it from `{}`.",
                    pack.file
                )),
                default_text: None,
                declared_at: None,
                default: OptionDefault::Unknown,
                default_literal: None,
                example: None,
                declared_outside: None,
                declarations: Vec::new(),
                positions: Vec::new(),
                internal: false,
                visible: true,
                read_only: false,
            });
        }
    }
    out
}

/// The host names of the flake, in the order `nixosConfigurations` lists them.
pub fn host_names(db: &dyn Db, workspace: Workspace) -> Vec<String> {
    flake_hosts(db, workspace)
        .hosts
        .iter()
        .map(|h| h.name.to_string())
        .collect()
}

const MAX_DEPTH: usize = 6;

#[allow(clippy::too_many_arguments)]
fn collect(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ms: &Rc<ModuleSet>,
    node: &DeclNode,
    local: &mut Vec<Sym>,
    prefix: &[String],
    depth: usize,
    out: &mut Vec<OptionInfo>,
) {
    match node {
        DeclNode::Namespace(children) => {
            for (name, child) in children {
                local.push(name.clone());
                collect(ev, loader, ms, child, local, prefix, depth, out);
                local.pop();
            }
        }
        DeclNode::Option(decl) => {
            let mut path: Vec<String> = prefix.to_vec();
            path.extend(local.iter().map(|s| s.to_string()));
            if let Ok(info) = describe(ev, loader, ms, decl, path.clone(), local.len()) {
                out.push(info);
            }
            if depth < MAX_DEPTH {
                let _ = submodule_options(ev, loader, ms, decl, local, path, depth, out);
            }
        }
    }
}

fn describe(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ms: &Rc<ModuleSet>,
    decl: &OptionDecl,
    path: Vec<String>,
    local_len: usize,
) -> EvalResult<OptionInfo> {
    let ty = ms.option_type(ev, decl)?;
    let type_description = ty.description(ev);
    // A text that fails (it reads something qg cannot know) leaves it out, not the option.
    let mut description = None;
    if let Some(site) = decl.site_with("description") {
        if let Ok(Some(Value::String(s))) = attr(ev, &site.attrs, "description") {
            description = Some(s.text.to_string());
        }
    }
    let default_text = decl
        .site_with("default")
        .and_then(|site| site.attrs.get_attr("default"))
        .and_then(|a| a.key_span)
        .and_then(|span| value_after_key(ev, loader, span));
    let declared_at = decl.first_span().and_then(|s| flake_span(ev, loader, s));
    let declared_outside = match (decl.first_span(), &declared_at) {
        (Some(span), None) => outside_declaration(ev, loader, ms, span),
        _ => None,
    };
    let flag = |ev: &mut Evaluator<'_>, key: &str| -> Option<Value> {
        let site = decl.site_with(key)?;
        attr(ev, &site.attrs, key).ok().flatten()
    };
    let internal = matches!(flag(ev, "internal"), Some(Value::Bool(true)));
    let read_only = matches!(flag(ev, "readOnly"), Some(Value::Bool(true)));
    let visible = match flag(ev, "visible") {
        Some(Value::Bool(b)) => b,
        Some(Value::String(s)) => &*s.text != "transparent",
        _ => true,
    };
    let default_literal = match flag(ev, "defaultText") {
        Some(Value::Attrs(a)) => match attr(ev, &a, "text") {
            Ok(Some(Value::String(s))) => Some(s.text.to_string()),
            _ => None,
        },
        Some(Value::String(s)) => Some(s.text.to_string()),
        _ => None,
    };
    // With the modules declaring options below it (`system.build.toplevel` for
    // `system.build`), as NixOS counts them.
    let mut declarations: Vec<String> = decl
        .sites
        .iter()
        .map(|s| ms.ctx.shown_file(&s.origin.file))
        .collect();
    let local: Vec<Sym> = path
        .iter()
        .skip(path.len() - local_len)
        .map(|p| Sym::from(p.as_str()))
        .collect();
    for (_, _, site) in ms.decls().below.iter().filter(|(at, _, _)| *at == local) {
        let file = ms.ctx.shown_file(&site.origin.file);
        if !declarations.contains(&file) {
            declarations.push(file);
        }
    }
    declarations.sort();
    let positions = decl
        .sites
        .iter()
        .filter_map(|s| s.key_span)
        .map(|span| {
            let (line, column) = ev.line_column(span);
            let file = ev.file_path(span.file).to_string_lossy().into_owned();
            DeclPosition {
                file: ms.ctx.shown_file(&file),
                line: line as u32,
                column: column as u32,
            }
        })
        .collect();
    Ok(OptionInfo {
        path,
        type_description,
        description,
        default_text,
        declared_at,
        default: printed_default(ev, ms, decl),
        default_literal,
        example: printed_example(ev, ms, decl),
        declared_outside,
        declarations,
        positions,
        internal,
        visible,
        read_only,
    })
}

/// The declaration's `default`, printed.
fn printed_default(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, decl: &OptionDecl) -> OptionDefault {
    let Some(default) = decl
        .site_with("default")
        .and_then(|s| s.attrs.get("default").cloned())
    else {
        return OptionDefault::None;
    };
    match printed(ev, ms, &default) {
        Some(text) => OptionDefault::Value(text),
        None => OptionDefault::Unknown,
    }
}

/// The declaration's `example`: the text of a literal (`literalExpression "pkgs.foo"`),
/// else the value printed; `None` when it has none or it cannot be known.
fn printed_example(
    ev: &mut Evaluator<'_>,
    ms: &Rc<ModuleSet>,
    decl: &OptionDecl,
) -> Option<String> {
    let example = decl.site_with("example")?.attrs.get("example").cloned()?;
    let literal = forgetting(ms, || {
        let Ok(Value::Attrs(a)) = ev.force(&example) else {
            return None;
        };
        let is_literal = matches!(attr(ev, &a, "_type"), Ok(Some(Value::String(t))) if t.text.starts_with("literal"));
        is_literal.then(|| match attr(ev, &a, "text") {
            Ok(Some(Value::String(s))) => Some(s.text.to_string()),
            _ => None,
        })
    });
    match literal {
        Some(text) => text,
        None => printed(ev, ms, &example),
    }
}

/// Where a declaration outside the flake lies, when it is a file of an input on disk
/// (not one of qg's own embedded modules).
fn outside_declaration(
    ev: &Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ms: &Rc<ModuleSet>,
    span: qg_eval::Span,
) -> Option<OutsideDeclaration> {
    let file = ev.file_path(span.file);
    let crate::flake_inputs::Mounted::Disk(disk) = loader.mounted(file) else {
        return None;
    };
    let (line, _) = ev.line_column(span);
    Some(OutsideDeclaration {
        shown: ms.ctx.shown_file(&file.to_string_lossy()),
        disk,
        range: span.range,
        line: u32::try_from(line).unwrap_or(u32::MAX),
    })
}

/// A value printed, or `None` when it cannot be known.
fn printed(ev: &mut Evaluator<'_>, ms: &Rc<ModuleSet>, value: &qg_eval::Thunk) -> Option<String> {
    let budget = super::show::Budget {
        max_chars: 20_000,
        max_depth: 32,
        terse: false,
    };
    let text = forgetting(ms, || match ev.force(value) {
        Ok(v) => super::show::print_within(ev, &v, budget),
        Err(_) => String::from("«error»"),
    });
    let unknown = ["«unknown", "«error", "«more", "«too deep", "…"]
        .iter()
        .any(|m| text.contains(m));
    (!unknown).then_some(text)
}

/// Runs `f` and forgets what it found: forcing a default or an example for the IDE is not
/// the host's evaluation (it may read options nothing else reads).
fn forgetting<T>(ms: &Rc<ModuleSet>, f: impl FnOnce() -> T) -> T {
    let findings = ms.ctx.findings.borrow().len();
    let incomplete = ms.ctx.incomplete.get();
    let externals = ms.ctx.externals.borrow().len();
    let out = f();
    ms.ctx.findings.borrow_mut().truncate(findings);
    ms.ctx.incomplete.set(incomplete);
    ms.ctx.externals.borrow_mut().truncate(externals);
    out
}

/// The text of the value bound to the key at `key` (`default = <value>;`), as written.
fn value_after_key(
    ev: &Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    key: qg_eval::Span,
) -> Option<String> {
    let s = flake_span(ev, loader, key)?;
    let file = loader.file(&s.file)?;
    let text = file.text(loader.db());
    let rest = text.get(usize::from(s.range.end())..)?.trim_start();
    let rest = rest.strip_prefix('=')?;
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth < 0 {
                    end = i;
                    break;
                }
            }
            ';' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let value = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!value.is_empty() && value.len() <= 200).then_some(value)
}

#[allow(clippy::too_many_arguments)]
fn submodule_options(
    ev: &mut Evaluator<'_>,
    loader: &WorkspaceLoader<'_>,
    ms: &Rc<ModuleSet>,
    decl: &OptionDecl,
    local: &[Sym],
    mut path: Vec<String>,
    depth: usize,
    out: &mut Vec<OptionInfo>,
) -> EvalResult<()> {
    // The segments a type puts before its submodule's options, as NixOS's documentation
    // names them: `<name>` for a key of an attribute set, `*` for a list element.
    let mut ty = ms.option_type(ev, decl)?;
    let mut segments: Vec<String> = Vec::new();
    let st = loop {
        let next = match &ty.kind {
            Kind::Submodule(st) => break st.clone(),
            Kind::Attrs { elem, .. } => {
                segments.push(placeholder(ev, &ty.value));
                elem.clone()
            }
            Kind::List(elem) => {
                segments.push("*".to_string());
                elem.clone()
            }
            Kind::NullOr(elem) | Kind::Unique(elem) => elem.clone(),
            Kind::Coerced { to, .. } => to.clone(),
            _ => return Ok(()),
        };
        if segments.len() > 3 {
            return Ok(());
        }
        ty = next.get(ev)?;
    };
    let mut loc = ms.loc(local);
    for segment in &segments {
        path.push(segment.clone());
        loc.push(segment.as_str().into());
    }
    // The submodule's `name` is `‹name›` as in NixOS's documentation.
    let mut instance_loc = loc.clone();
    if !segments.is_empty() {
        instance_loc.pop();
        instance_loc.push("‹name›".into());
    }
    let instance = ms.new_instance(
        ev,
        &st,
        decl,
        local,
        &instance_loc,
        &ResolvedDefs::default(),
    );
    let decls = instance.decls();
    let mut inner = Vec::new();
    collect(
        ev,
        loader,
        &instance,
        &decls.root,
        &mut inner,
        &path,
        depth + 1,
        out,
    );
    Ok(())
}

/// `<name>`, or the placeholder an `attrsWith` type of nixpkgs' lib gives its keys.
fn placeholder(ev: &mut Evaluator<'_>, ty: &Value) -> String {
    let given = (|| -> EvalResult<Option<String>> {
        let Value::Attrs(t) = ty else { return Ok(None) };
        let Some(Value::Attrs(f)) = attr(ev, t, "functor")? else {
            return Ok(None);
        };
        let Some(Value::Attrs(p)) = attr(ev, &f, "payload")? else {
            return Ok(None);
        };
        match attr(ev, &p, "placeholder")? {
            Some(Value::String(s)) => Ok(Some(s.text.to_string())),
            _ => Ok(None),
        }
    })();
    match given {
        Ok(Some(name)) => format!("<{name}>"),
        _ => ANY_NAME.to_string(),
    }
}
