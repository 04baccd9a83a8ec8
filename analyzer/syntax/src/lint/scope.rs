//! Name resolution of one file: which binding each variable refers to.
//!
//! Shared by the undefined-variable and unused-binding rules. The walk is iterative (rowan's
//! preorder events), so arbitrarily deep expressions cannot overflow the stack.

use rnix::{
    ast::{self, HasEntry},
    SyntaxKind, SyntaxNode,
};
use rowan::{ast::AstNode, TextRange, WalkEvent};

/// What introduced a binding; decides whether it may be reported as unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// `let x = ...;` or `let inherit x;`
    Let,
    /// An attribute of a `rec { }` set: part of the set's value, never unused.
    RecAttr,
    /// `x: ...`
    LambdaArg,
    /// `{ x, ... }: ...`; `has_ellipsis` tells whether removing it keeps callers working.
    Formal { has_ellipsis: bool },
    /// `args@{ ... }`
    PatBind,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub name: String,
    pub kind: BindingKind,
    /// Ranges of the names that define it (`a.x = 1; a.y = 2;` defines `a` twice).
    pub name_ranges: Vec<TextRange>,
    /// The syntax that would go if the binding were removed.
    pub definitions: Vec<SyntaxNode>,
    pub uses: usize,
}

/// A variable no binding, `with` or global explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub name: String,
    pub range: TextRange,
}

/// What a variable refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An index into [`Resolution::bindings`].
    Binding(usize),
    /// Some enclosing `with` may provide it (no lexical binding does).
    With,
    /// A Nix builtin available without `builtins.` (`map`, `toString`, `__add`, ...).
    Global,
    /// Nothing defines it (reported as QG002).
    Unresolved,
}

/// One use of a name: a variable in expression position or a name of `inherit a b;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub range: TextRange,
    pub target: Target,
    /// Written as `inherit name;`: the name is both a use and an attribute key, which
    /// matters to renames.
    pub in_inherit: bool,
}

/// What a scope provides to the code inside `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeKind {
    /// let, rec set or lambda: indices into [`Resolution::bindings`].
    Lexical(Vec<usize>),
    /// `with e;` where `e` is a literal set: its static keys; `None` when `e` is anything else.
    With(Option<Vec<String>>),
}

/// A scope and the text it covers (the whole let, rec set or lambda; the body of a `with`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeInfo {
    pub range: TextRange,
    pub kind: ScopeKind,
}

#[derive(Debug, Default)]
pub struct Resolution {
    pub bindings: Vec<Binding>,
    pub unresolved: Vec<Unresolved>,
    /// Every use of a name, in text order, with what it resolves to.
    pub references: Vec<Reference>,
    /// Every scope, in the order they open (an enclosing scope comes before those inside it).
    pub scopes: Vec<ScopeInfo>,
}

impl Resolution {
    /// The binding whose name (at a definition) or use covers `offset`.
    pub fn binding_at(&self, offset: rowan::TextSize) -> Option<usize> {
        let covers = |range: &TextRange| range.contains_inclusive(offset);
        if let Some(id) = self
            .bindings
            .iter()
            .position(|b| b.name_ranges.iter().any(covers))
        {
            return Some(id);
        }
        self.references
            .iter()
            .find(|r| covers(&r.range))
            .and_then(|r| match r.target {
                Target::Binding(id) => Some(id),
                _ => None,
            })
    }

    /// The reference whose name covers `offset`.
    pub fn reference_at(&self, offset: rowan::TextSize) -> Option<&Reference> {
        self.references
            .iter()
            .find(|r| r.range.contains_inclusive(offset))
    }

    /// Uses of one binding.
    pub fn references_to(&self, binding: usize) -> impl Iterator<Item = &Reference> {
        self.references
            .iter()
            .filter(move |r| r.target == Target::Binding(binding))
    }

    /// The scopes that cover `offset`, innermost first.
    pub fn scopes_at(&self, offset: rowan::TextSize) -> impl Iterator<Item = &ScopeInfo> {
        self.scopes
            .iter()
            .rev()
            .filter(move |s| s.range.contains_inclusive(offset))
    }
}

/// Names every scope has besides the evaluator's global builtins and the `__`-prefixed ones.
/// `break` exists in newer Nix versions; knowing it avoids a false report there.
const LANGUAGE_NAMES: &[&str] = &["true", "false", "null", "builtins", "break"];

pub fn is_global(name: &str) -> bool {
    name.starts_with("__") || LANGUAGE_NAMES.contains(&name) || GLOBAL_NAMES.contains(&name)
}

enum Scope {
    /// let, rec set or lambda: indices into `Resolution::bindings`.
    Lexical(Vec<usize>),
    /// `with` over a literal set: its static keys.
    WithKnown(Vec<String>),
    /// `with` over anything else: any name may come from it.
    WithUnknown,
}

impl Scope {
    fn info(&self) -> ScopeKind {
        match self {
            Scope::Lexical(ids) => ScopeKind::Lexical(ids.clone()),
            Scope::WithKnown(keys) => ScopeKind::With(Some(keys.clone())),
            Scope::WithUnknown => ScopeKind::With(None),
        }
    }
}

struct Resolver {
    out: Resolution,
    scopes: Vec<(SyntaxNode, Scope)>,
}

pub fn resolve_scopes(root: &SyntaxNode) -> Resolution {
    let mut resolver = Resolver {
        out: Resolution::default(),
        scopes: Vec::new(),
    };
    let walk = root.preorder();
    for event in walk {
        match event {
            WalkEvent::Enter(node) => {
                for (range, scope) in resolver.scopes_opened_by(&node) {
                    resolver.out.scopes.push(ScopeInfo {
                        range,
                        kind: scope.info(),
                    });
                    resolver.scopes.push((node.clone(), scope));
                }
                if node.kind() == SyntaxKind::NODE_INHERIT {
                    // The names are handled here; the walk goes on into `(e)` of
                    // `inherit (e) a;`, whose variables are uses like any other.
                    resolver.inherit_references(&node);
                } else if is_variable(&node) {
                    resolver.reference(&node);
                }
            }
            WalkEvent::Leave(node) => {
                while resolver
                    .scopes
                    .last()
                    .is_some_and(|(owner, _)| *owner == node)
                {
                    resolver.scopes.pop();
                }
            }
        }
    }
    resolver.out
}

/// An identifier in expression position (not an attribute name or a parameter). The default
/// of a formal (`{ a, b ? a }`) is an expression: only the formal's own name is a parameter.
fn is_variable(node: &SyntaxNode) -> bool {
    if node.kind() != SyntaxKind::NODE_IDENT {
        return false;
    }
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        SyntaxKind::NODE_PAT_ENTRY => ast::PatEntry::cast(parent)
            .and_then(|entry| entry.ident())
            .is_some_and(|name| name.syntax() != node),
        SyntaxKind::NODE_ATTRPATH
        | SyntaxKind::NODE_INHERIT
        | SyntaxKind::NODE_PAT_BIND
        | SyntaxKind::NODE_IDENT_PARAM => false,
        _ => true,
    }
}

/// The text of a static attribute name (`a`, `"a"`), or `None` for `${...}`.
pub fn static_attr_name(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(ident) => Some(ident.syntax().text().to_string()),
        ast::Attr::Str(s) => match s.normalized_parts().as_slice() {
            [] => Some(String::new()),
            [ast::InterpolPart::Literal(text)] => Some(text.clone()),
            _ => None,
        },
        ast::Attr::Dynamic(_) => None,
    }
}

impl Resolver {
    /// The scopes a node opens, outermost first: the body of a `with` may itself be a `let`.
    fn scopes_opened_by(&mut self, node: &SyntaxNode) -> Vec<(TextRange, Scope)> {
        let mut scopes = Vec::new();
        let range = node.text_range();
        if let Some(with) = node.parent().and_then(ast::With::cast) {
            if with.body().is_some_and(|b| b.syntax() == node) {
                scopes.push((range, with_scope(&with)));
            }
        }
        scopes.extend(self.own_scope(node).map(|scope| (range, scope)));
        scopes
    }

    fn own_scope(&mut self, node: &SyntaxNode) -> Option<Scope> {
        match node.kind() {
            SyntaxKind::NODE_LET_IN => {
                let entries = ast::LetIn::cast(node.clone())?.entries();
                Some(Scope::Lexical(
                    self.entry_bindings(entries, BindingKind::Let),
                ))
            }
            SyntaxKind::NODE_LEGACY_LET => {
                let entries = ast::LegacyLet::cast(node.clone())?.entries();
                Some(Scope::Lexical(
                    self.entry_bindings(entries, BindingKind::RecAttr),
                ))
            }
            SyntaxKind::NODE_ATTR_SET => {
                let set = ast::AttrSet::cast(node.clone())?;
                set.rec_token()?;
                Some(Scope::Lexical(
                    self.entry_bindings(set.entries(), BindingKind::RecAttr),
                ))
            }
            SyntaxKind::NODE_LAMBDA => Some(Scope::Lexical(self.lambda_bindings(node)?)),
            _ => None,
        }
    }

    fn add(&mut self, name: String, kind: BindingKind, range: TextRange, def: SyntaxNode) -> usize {
        self.out.bindings.push(Binding {
            name,
            kind,
            name_ranges: vec![range],
            definitions: vec![def],
            uses: 0,
        });
        self.out.bindings.len() - 1
    }

    fn entry_bindings(
        &mut self,
        entries: impl Iterator<Item = ast::Entry>,
        kind: BindingKind,
    ) -> Vec<usize> {
        let mut ids: Vec<usize> = Vec::new();
        for entry in entries {
            for (name, range, def) in entry_names(&entry) {
                match ids.iter().find(|&&i| self.out.bindings[i].name == name) {
                    Some(&i) => {
                        self.out.bindings[i].name_ranges.push(range);
                        self.out.bindings[i].definitions.push(def);
                    }
                    None => ids.push(self.add(name, kind, range, def)),
                }
            }
        }
        ids
    }

    fn lambda_bindings(&mut self, node: &SyntaxNode) -> Option<Vec<usize>> {
        let lambda = ast::Lambda::cast(node.clone())?;
        let mut ids = Vec::new();
        match lambda.param()? {
            ast::Param::IdentParam(param) => {
                let ident = param.ident()?;
                let name = ident.syntax().text().to_string();
                let range = ident.syntax().text_range();
                ids.push(self.add(name, BindingKind::LambdaArg, range, param.syntax().clone()));
            }
            ast::Param::Pattern(pattern) => {
                let has_ellipsis = pattern.ellipsis_token().is_some();
                for entry in pattern.pat_entries() {
                    let Some(ident) = entry.ident() else { continue };
                    let name = ident.syntax().text().to_string();
                    let range = ident.syntax().text_range();
                    let kind = BindingKind::Formal { has_ellipsis };
                    ids.push(self.add(name, kind, range, entry.syntax().clone()));
                }
                if let Some(ident) = pattern.pat_bind().and_then(|b| b.ident()) {
                    let name = ident.syntax().text().to_string();
                    let range = ident.syntax().text_range();
                    let bind = pattern.pat_bind()?.syntax().clone();
                    ids.push(self.add(name, BindingKind::PatBind, range, bind));
                }
            }
        }
        Some(ids)
    }

    /// `inherit a b;` reads `a` and `b` from the scope around the set or let that holds it.
    fn inherit_references(&mut self, node: &SyntaxNode) {
        let Some(inherit) = ast::Inherit::cast(node.clone()) else {
            return;
        };
        if inherit.from().is_some() {
            return; // `inherit (e) a;`: the names select from `e`; `e` is walked as a child
        }
        // The let or rec set holding the inherit does not see its own names (`let inherit a;`
        // reads the `a` outside), but a `with` whose body is that set does provide them.
        let owner = node.parent();
        let skip_own = self.scopes.last().is_some_and(|(n, scope)| {
            Some(n) == owner.as_ref() && matches!(scope, Scope::Lexical(_))
        });
        let depth = self.scopes.len() - usize::from(skip_own);
        for attr in inherit.attrs() {
            if let Some(name) = static_attr_name(&attr) {
                let target = self.lookup(&name, attr.syntax().text_range(), depth);
                self.out.references.push(Reference {
                    name,
                    range: attr.syntax().text_range(),
                    target,
                    in_inherit: true,
                });
            }
        }
    }

    fn reference(&mut self, node: &SyntaxNode) {
        let name = node.text().to_string();
        let target = self.lookup(&name, node.text_range(), self.scopes.len());
        self.out.references.push(Reference {
            name,
            range: node.text_range(),
            target,
            in_inherit: false,
        });
    }

    /// Lexical bindings first (innermost out), then globals, then `with`s: Nix's order.
    fn lookup(&mut self, name: &str, range: TextRange, depth: usize) -> Target {
        let scopes = &self.scopes[..depth];
        for (_, scope) in scopes.iter().rev() {
            if let Scope::Lexical(ids) = scope {
                if let Some(&id) = ids.iter().find(|&&i| self.out.bindings[i].name == name) {
                    self.out.bindings[id].uses += 1;
                    return Target::Binding(id);
                }
            }
        }
        let from_with = scopes.iter().any(|(_, scope)| match scope {
            Scope::WithUnknown => true,
            Scope::WithKnown(keys) => keys.iter().any(|k| k == name),
            Scope::Lexical(_) => false,
        });
        // Builtins live in Nix's outermost static scope, which `with` cannot shadow.
        if is_global(name) {
            Target::Global
        } else if from_with {
            Target::With
        } else {
            self.out.unresolved.push(Unresolved {
                name: name.to_string(),
                range,
            });
            Target::Unresolved
        }
    }
}

/// Names an entry of a let or rec set binds, with the node that defines each.
fn entry_names(entry: &ast::Entry) -> Vec<(String, TextRange, SyntaxNode)> {
    match entry {
        ast::Entry::AttrpathValue(value) => value
            .attrpath()
            .and_then(|path| path.attrs().next())
            .and_then(|attr| Some((static_attr_name(&attr)?, attr.syntax().text_range())))
            .map(|(name, range)| vec![(name, range, value.syntax().clone())])
            .unwrap_or_default(),
        ast::Entry::Inherit(inherit) => inherit
            .attrs()
            .filter_map(|attr| {
                let name = static_attr_name(&attr)?;
                Some((name, attr.syntax().text_range(), attr.syntax().clone()))
            })
            .collect(),
    }
}

fn with_scope(with: &ast::With) -> Scope {
    let Some(ast::Expr::AttrSet(set)) = with.namespace().map(strip_parens) else {
        return Scope::WithUnknown;
    };
    let mut keys = Vec::new();
    for entry in set.entries() {
        let names: Vec<Option<String>> = match &entry {
            ast::Entry::AttrpathValue(v) => {
                vec![v
                    .attrpath()
                    .and_then(|p| p.attrs().next())
                    .and_then(|a| static_attr_name(&a))]
            }
            ast::Entry::Inherit(i) => i.attrs().map(|a| static_attr_name(&a)).collect(),
        };
        for name in names {
            match name {
                Some(name) => keys.push(name),
                None => return Scope::WithUnknown,
            }
        }
    }
    Scope::WithKnown(keys)
}

/// `(((e)))` is `e` to Nix.
pub(crate) fn strip_parens(mut expr: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(paren) = &expr {
        match paren.expr() {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

/// Names available without the `builtins.` prefix (besides `__name` for every builtin).
pub const GLOBAL_NAMES: &[&str] = &[
    "abort",
    "baseNameOf",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];
