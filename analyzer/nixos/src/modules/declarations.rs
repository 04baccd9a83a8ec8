//! Declarations: the option tree of one module evaluation.
//!
//! Every module's `options` is walked (forcing only the structure: each level to weak head
//! normal form) until a set with `_type = "option"` (an `mkOption` result) is found. The
//! tree remembers, for each option, every declaring site; for each namespace, its children.

use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use qg_eval::{Attrs, EvalResult, Evaluator, Span, Sym, Thunk, Value};

use super::context::type_tag;
use super::definitions::Origin;
use super::lazy::Lazy;
use super::types::TypeInfo;

/// One place that declares an option.
#[derive(Clone)]
pub(crate) struct DeclSite {
    /// The `mkOption` result.
    pub attrs: Rc<Attrs>,
    pub origin: Rc<Origin>,
    /// The option's name where it is declared.
    pub key_span: Option<Span>,
}

/// A declared option.
pub(crate) struct OptionDecl {
    pub sites: Vec<DeclSite>,
    /// The option's type (merged over its declarations), interpreted on first use.
    pub type_info: Lazy<TypeInfo>,
}

impl OptionDecl {
    /// Whether the workspace itself declares the option.
    pub(crate) fn declared_by_workspace(&self) -> bool {
        self.sites.iter().any(|s| s.origin.workspace)
    }

    /// The first site that sets `key` (`default`, `apply`, `type`...).
    pub(crate) fn site_with(&self, key: &str) -> Option<&DeclSite> {
        self.sites.iter().find(|s| s.attrs.contains(key))
    }

    pub(crate) fn first_span(&self) -> Option<Span> {
        self.sites.iter().find_map(|s| s.key_span)
    }
}

/// A node of the declaration tree.
pub(crate) enum DeclNode {
    Namespace(BTreeMap<Sym, DeclNode>),
    Option(Rc<OptionDecl>),
}

/// Every declaration of one module evaluation.
pub(crate) struct DeclTree {
    pub root: DeclNode,
    /// Top-level names with a declaration from the workspace.
    pub workspace_tops: HashSet<Sym>,
    /// Declarations that read `options` (a rename module declares the old option with the
    /// new one's type): their path is a namespace until the others are made, then they are
    /// walked again ([`DeclTree::add_pending`]).
    pub pending: Vec<Pending>,
    /// The paths of the pending declarations, while they are made.
    pub pending_paths: HashSet<Vec<Sym>>,
    /// Declarations below an option (`system.build.toplevel` below `system.build`): they
    /// join its submodule, as NixOS's do. (The option's path, the rest, the site.)
    pub below: Vec<(Vec<Sym>, Vec<Sym>, DeclSite)>,
}

/// An error of walking a pending declaration, and the module it is in.
pub(crate) type PendingError = (Box<qg_eval::EvalError>, Rc<Origin>);

/// A declaration made once the others are.
pub(crate) struct Pending {
    path: Vec<Sym>,
    value: Thunk,
    key_span: Option<Span>,
    origin: Rc<Origin>,
}

impl Default for DeclTree {
    fn default() -> Self {
        DeclTree {
            root: DeclNode::Namespace(BTreeMap::new()),
            workspace_tops: HashSet::new(),
            pending: Vec::new(),
            pending_paths: HashSet::new(),
            below: Vec::new(),
        }
    }
}

impl Pending {
    pub(crate) fn path(&self) -> &[Sym] {
        &self.path
    }
}

impl DeclTree {
    pub(crate) fn at(&self, path: &[Sym]) -> Option<&DeclNode> {
        let mut node = &self.root;
        for name in path {
            node = match node {
                DeclNode::Namespace(children) => children.get(name)?,
                DeclNode::Option(_) => return None,
            };
        }
        Some(node)
    }

    pub(crate) fn option(&self, path: &[Sym]) -> Option<&Rc<OptionDecl>> {
        match self.at(path)? {
            DeclNode::Option(o) => Some(o),
            DeclNode::Namespace(_) => None,
        }
    }

    /// The declared option at `path` or above it, and how many names of `path` it takes.
    pub(crate) fn option_above(&self, path: &[Sym]) -> Option<(Rc<OptionDecl>, usize)> {
        let mut node = &self.root;
        for (i, name) in path.iter().enumerate() {
            match node {
                DeclNode::Namespace(children) => node = children.get(name)?,
                DeclNode::Option(o) => return Some((o.clone(), i)),
            }
        }
        match node {
            DeclNode::Option(o) => Some((o.clone(), path.len())),
            DeclNode::Namespace(_) => None,
        }
    }

    /// Names declared directly below a namespace.
    pub(crate) fn child_names(&self, path: &[Sym]) -> Vec<Sym> {
        match self.at(path) {
            Some(DeclNode::Namespace(children)) => children.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// A copy (the options themselves are shared).
    pub(crate) fn copy(&self) -> DeclTree {
        DeclTree {
            root: self.root.copy(),
            workspace_tops: self.workspace_tops.clone(),
            pending: Vec::new(),
            pending_paths: HashSet::new(),
            below: self.below.clone(),
        }
    }

    /// Walks the pending declarations (now that `options` can be read), into a new tree.
    pub(crate) fn walk_pending(
        ev: &mut Evaluator<'_>,
        pending: Vec<Pending>,
    ) -> (DeclTree, Vec<PendingError>) {
        let mut more = DeclTree::default();
        let mut errors = Vec::new();
        for p in pending {
            let mut path = p.path.clone();
            if let Err(e) = more.walk(ev, &p.value, p.key_span, &p.origin, &mut path) {
                errors.push((e, p.origin.clone()));
            }
        }
        (more, errors)
    }

    /// Adds every declaration of `other`.
    pub(crate) fn add_tree(&mut self, other: DeclTree) {
        let mut found = Vec::new();
        other.root.options(&mut Vec::new(), &mut found);
        for (path, decl) in found {
            for site in &decl.sites {
                self.insert(&path, site.attrs.clone(), &site.origin, site.key_span);
            }
        }
    }

    /// Makes `path` a namespace (when nothing is declared there yet).
    fn namespace_at(&mut self, path: &[Sym]) {
        let mut node = &mut self.root;
        for name in path {
            let DeclNode::Namespace(children) = node else {
                return;
            };
            node = children
                .entry(name.clone())
                .or_insert_with(|| DeclNode::Namespace(BTreeMap::new()));
        }
    }

    /// Adds the declarations found in one module's `options`.
    pub(crate) fn add_module_options(
        &mut self,
        ev: &mut Evaluator<'_>,
        options: &Thunk,
        origin: &Rc<Origin>,
    ) -> EvalResult<()> {
        let mut path = Vec::new();
        self.walk(ev, options, None, origin, &mut path)
    }

    fn walk(
        &mut self,
        ev: &mut Evaluator<'_>,
        value: &Thunk,
        key_span: Option<Span>,
        origin: &Rc<Origin>,
        path: &mut Vec<Sym>,
    ) -> EvalResult<()> {
        let forced = match ev.force(value) {
            Err(e) if e.kind == qg_eval::ErrorKind::InfiniteRecursion && !path.is_empty() => {
                // It reads `options`: its path stands for it until it is walked again.
                self.namespace_at(path);
                self.pending.push(Pending {
                    path: path.clone(),
                    value: value.clone(),
                    key_span,
                    origin: origin.clone(),
                });
                return Ok(());
            }
            other => other?,
        };
        let Value::Attrs(attrs) = forced else {
            return Ok(());
        };
        match type_tag(ev, &attrs)?.as_deref() {
            Some("option") => {
                self.insert(path, attrs, origin, key_span);
                Ok(())
            }
            Some(_) => Ok(()),
            None => {
                for a in attrs.iter() {
                    path.push(a.name.clone());
                    let r = self.walk(ev, &a.value, a.key_span, origin, path);
                    path.pop();
                    r?;
                }
                Ok(())
            }
        }
    }

    fn insert(
        &mut self,
        path: &[Sym],
        attrs: Rc<Attrs>,
        origin: &Rc<Origin>,
        key_span: Option<Span>,
    ) {
        if path.is_empty() {
            return;
        }
        if origin.workspace {
            self.workspace_tops.insert(path[0].clone());
        }
        let site = DeclSite {
            attrs,
            origin: origin.clone(),
            key_span,
        };
        let below = Self::insert_at(&mut self.root, path, 0, site);
        self.below.extend(below);
    }

    /// Inserts a site at `path[i..]` below `node`; returns the declarations that are now
    /// below an option.
    fn insert_at(
        node: &mut DeclNode,
        path: &[Sym],
        i: usize,
        site: DeclSite,
    ) -> Vec<(Vec<Sym>, Vec<Sym>, DeclSite)> {
        let children = match node {
            // Below an option: for its submodule.
            DeclNode::Option(_) => return vec![(path[..i].to_vec(), path[i..].to_vec(), site)],
            DeclNode::Namespace(children) => children,
        };
        let name = &path[i];
        if i + 1 < path.len() {
            let child = children
                .entry(name.clone())
                .or_insert_with(|| DeclNode::Namespace(BTreeMap::new()));
            return Self::insert_at(child, path, i + 1, site);
        }
        match children.get_mut(name) {
            Some(DeclNode::Option(existing)) => match Rc::get_mut(existing) {
                Some(o) => o.sites.push(site),
                None => {
                    // Shared (read while declarations were made): a new one.
                    let mut sites = existing.sites.clone();
                    sites.push(site);
                    *existing = Rc::new(OptionDecl {
                        sites,
                        type_info: Lazy::default(),
                    });
                }
            },
            // Over a namespace (an option above declared options), the option wins and
            // those options are its submodule's.
            Some(DeclNode::Namespace(_)) => {
                let Some(old) = children.insert(name.clone(), new_option(site)) else {
                    return Vec::new();
                };
                let mut found = Vec::new();
                old.options(&mut Vec::new(), &mut found);
                return found
                    .into_iter()
                    .flat_map(|(rest, decl)| {
                        decl.sites
                            .iter()
                            .map(|s| (path.to_vec(), rest.clone(), s.clone()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
            None => {
                children.insert(name.clone(), new_option(site));
            }
        }
        Vec::new()
    }
}

impl DeclNode {
    fn copy(&self) -> DeclNode {
        match self {
            DeclNode::Namespace(children) => DeclNode::Namespace(
                children
                    .iter()
                    .map(|(k, v)| (k.clone(), v.copy()))
                    .collect(),
            ),
            DeclNode::Option(o) => DeclNode::Option(o.clone()),
        }
    }

    /// Every option below this node, with its path.
    fn options(&self, path: &mut Vec<Sym>, out: &mut Vec<(Vec<Sym>, Rc<OptionDecl>)>) {
        match self {
            DeclNode::Namespace(children) => {
                for (name, child) in children {
                    path.push(name.clone());
                    child.options(path, out);
                    path.pop();
                }
            }
            DeclNode::Option(o) => out.push((path.clone(), o.clone())),
        }
    }
}

fn new_option(site: DeclSite) -> DeclNode {
    DeclNode::Option(Rc::new(OptionDecl {
        sites: vec![site],
        type_info: Lazy::default(),
    }))
}

/// An option path as NixOS prints it: names joined with `.`, quoted when not identifiers
/// (`<name>` and `*`, which stand for any key, stay bare).
pub(crate) fn show_loc<S: AsRef<str>>(loc: &[S]) -> String {
    loc.iter()
        .map(|name| {
            let name = name.as_ref();
            let plain = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '\'');
            let keyword = matches!(
                name,
                "if" | "then"
                    | "else"
                    | "assert"
                    | "with"
                    | "let"
                    | "in"
                    | "rec"
                    | "inherit"
                    | "or"
            );
            let special = name.starts_with('<') && name.ends_with('>') || name == "*";
            if (plain && !keyword) || special {
                name.to_string()
            } else {
                qg_eval::quote_string(name)
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}
