//! Option types as qg's module system reads them.
//!
//! A type is a Nix value made by qg's lib (`_type = "option-type"`). Its `name` and the
//! `_qgMerge` tag of its `merge` say how definitions merge; `check` and `description` are
//! used as they are (the check is a Nix function, the description the exact text NixOS
//! prints). Nested types (`elemType`, `left`/`right`...) are interpreted lazily: some types
//! are recursive (`types.json`).

use std::rc::Rc;

use qg_eval::{EvalResult, Evaluator, Sym, Thunk, Value};

use super::context::{attr, type_tag};
use super::lazy::Lazy;

/// A nested type, interpreted on first use.
pub(crate) struct TypeRef {
    pub value: Value,
    info: Lazy<TypeInfo>,
}

impl TypeRef {
    pub(crate) fn new(value: Value) -> Rc<TypeRef> {
        Rc::new(TypeRef {
            value,
            info: Lazy::default(),
        })
    }

    pub(crate) fn get(&self, ev: &mut Evaluator<'_>) -> EvalResult<Rc<TypeInfo>> {
        self.info
            .get_or_try(|| TypeInfo::interpret(ev, &self.value))
    }
}

/// How definitions of a type merge.
pub(crate) enum Kind {
    /// All definitions must be equal (`str`, `int`, `bool`, `enum`, ...).
    Equal,
    /// Exactly one definition (`raw`, `package`, `pkgs`).
    One,
    /// Exactly one definition, then the inner type's merge (`uniq`, `unique`).
    Unique(Rc<TypeRef>),
    /// The type's own `merge` function, called from Rust (`lines`, `attrs`, `unspecified`,
    /// `boolByOr`, user-defined types...).
    Nix,
    List(Rc<TypeRef>),
    Attrs {
        elem: Rc<TypeRef>,
        lazy: bool,
    },
    Submodule(Rc<SubmoduleType>),
    NullOr(Rc<TypeRef>),
    Either(Rc<TypeRef>, Rc<TypeRef>),
    Coerced {
        from: Rc<TypeRef>,
        func: Value,
        to: Rc<TypeRef>,
    },
    Anything,
    FunctionTo,
    /// A type qg does not merge (`attrTag`, `attrListOf`, an unknown type): unknown value.
    Opaque,
}

/// The parts of a `submodule`/`submoduleWith` type.
pub(crate) struct SubmoduleType {
    pub modules: Value,
    pub special_args: Value,
    pub shorthand_config: bool,
    pub freeform: bool,
}

pub(crate) struct TypeInfo {
    pub value: Value,
    pub kind: Kind,
    pub name: Sym,
    /// Made by qg's own lib (not by the lib of a nixpkgs tree qg reads).
    pub qg_lib: bool,
}

/// How a type of nixpkgs' lib (no `_qgMerge` tag) merges, by its name (facts sheet,
/// module system §1.2); a name the lib does not give is a type written elsewhere, whose
/// own `merge` is called.
fn kind_by_name(name: &str) -> Kind {
    match name {
        "str" | "nonEmptyStr" | "int" | "bool" | "float" | "path" | "enum" | "intBetween"
        | "unsignedInt" | "positiveInt" | "unsignedInt8" | "unsignedInt16" | "unsignedInt32"
        | "signedInt8" | "signedInt16" | "signedInt32" | "numberBetween" | "numberNonnegative"
        | "numberPositive" | "luaInline" => Kind::Equal,
        _ if name.starts_with("strMatching ") || name.starts_with("passwdEntry ") => Kind::Equal,
        "raw" | "package" | "pkgs" => Kind::One,
        "attrTag" | "attrListOf" | "fileset" => Kind::Opaque,
        _ => Kind::Nix,
    }
}

impl TypeInfo {
    pub(crate) fn interpret(ev: &mut Evaluator<'_>, ty: &Value) -> EvalResult<TypeInfo> {
        let opaque = |name: &str| TypeInfo {
            value: ty.clone(),
            kind: Kind::Opaque,
            name: name.into(),
            qg_lib: false,
        };
        let Value::Attrs(a) = ty else {
            return Ok(opaque("unknown"));
        };
        if type_tag(ev, a)?.as_deref() != Some("option-type") {
            return Ok(opaque("unknown"));
        }
        let name: Sym = match attr(ev, a, "name")? {
            Some(Value::String(s)) => s.text,
            _ => "unknown".into(),
        };
        // qg's lib tags its merges (`_qgMerge`); nixpkgs' lib (a tree qg reads) does not,
        // and its types are known by their names.
        let algorithm = match attr(ev, a, "merge")? {
            Some(Value::Attrs(m)) => match attr(ev, &m, "_qgMerge")? {
                Some(Value::String(s)) => Some(s.text),
                _ => None,
            },
            _ => None,
        };
        let qg_lib = algorithm.is_some();
        // Nested types are read only for the types made of them: a submodule's
        // `nestedTypes` of nixpkgs' lib evaluates its modules (for a freeform type).
        let nested_type = |ev: &mut Evaluator<'_>, key: &str| -> EvalResult<Rc<TypeRef>> {
            let v = match attr(ev, a, "nestedTypes")? {
                Some(Value::Attrs(n)) => attr(ev, &n, key)?.unwrap_or(Value::unknown("type")),
                _ => Value::unknown("type"),
            };
            Ok(TypeRef::new(v))
        };
        let kind = match &*name {
            "listOf" => Kind::List(nested_type(ev, "elemType")?),
            "attrsOf" | "lazyAttrsOf" | "loaOf" => Kind::Attrs {
                elem: nested_type(ev, "elemType")?,
                lazy: &*name == "lazyAttrsOf",
            },
            "submodule" => Kind::Submodule(Rc::new(submodule_type(ev, a)?)),
            "nullOr" => Kind::NullOr(nested_type(ev, "elemType")?),
            "either" => Kind::Either(nested_type(ev, "left")?, nested_type(ev, "right")?),
            "coercedTo" => match attr(ev, a, "coerceFunc")? {
                Some(func) => Kind::Coerced {
                    from: nested_type(ev, "coercedType")?,
                    func,
                    to: nested_type(ev, "finalType")?,
                },
                // The function is out of reach: the type's own merge, unless it would
                // evaluate submodules apart from qg's module system.
                None => match attr(ev, a, "getSubModules")? {
                    None | Some(Value::Null) => Kind::Nix,
                    Some(_) => Kind::Opaque,
                },
            },
            "unique" => Kind::Unique(nested_type(ev, "elemType")?),
            "anything" => Kind::Anything,
            "functionTo" => Kind::FunctionTo,
            _ => match algorithm.as_deref() {
                Some("equal") => Kind::Equal,
                Some("one") | Some("unique") | Some("package") => Kind::One,
                Some(
                    "or" | "separatedString" | "singleLineStr" | "attrs" | "default"
                    | "deferredModule" | "optionType" | "nullOr" | "either" | "coercedTo",
                ) => Kind::Nix,
                Some(_) => Kind::Opaque,
                None => kind_by_name(&name),
            },
        };
        Ok(TypeInfo {
            value: ty.clone(),
            kind,
            name,
            qg_lib,
        })
    }

    /// The type's description, as NixOS prints it in messages.
    pub(crate) fn description(&self, ev: &mut Evaluator<'_>) -> String {
        let Value::Attrs(a) = &self.value else {
            return self.name.to_string();
        };
        match attr(ev, a, "description") {
            Ok(Some(Value::String(s))) => s.text.to_string(),
            _ => self.name.to_string(),
        }
    }

    /// Runs the type's `check` on a value: `Some(ok)`, or `None` when it cannot tell (an
    /// unknown took part, or the type is opaque).
    pub(crate) fn check(&self, ev: &mut Evaluator<'_>, value: &Thunk) -> EvalResult<Option<bool>> {
        let Value::Attrs(a) = &self.value else {
            return Ok(None);
        };
        let Some(check) = attr(ev, a, "check")? else {
            return Ok(None);
        };
        let span = value.span().unwrap_or_else(|| ev.no_span());
        match ev.force(&Thunk::apply(check, vec![value.clone()], span)) {
            Ok(Value::Bool(b)) => Ok(Some(b)),
            Ok(_) => Ok(None),
            Err(e) if e.involves_unknown => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `emptyValue.value`, the value of the option without definitions, if the type has one.
    pub(crate) fn empty_value(&self, ev: &mut Evaluator<'_>) -> EvalResult<Option<Value>> {
        let Value::Attrs(a) = &self.value else {
            return Ok(None);
        };
        match attr(ev, a, "emptyValue")? {
            Some(Value::Attrs(e)) => attr(ev, &e, "value"),
            _ => Ok(None),
        }
    }
}

fn submodule_type(ev: &mut Evaluator<'_>, a: &qg_eval::Attrs) -> EvalResult<SubmoduleType> {
    let modules = match attr(ev, a, "modules")? {
        Some(v) => v,
        None => attr(ev, a, "getSubModules")?.unwrap_or(Value::list(Vec::new())),
    };
    // qg's lib puts the arguments on the type; nixpkgs' keeps them in `functor.payload`.
    let payload = match attr(ev, a, "functor")? {
        Some(Value::Attrs(f)) => match attr(ev, &f, "payload")? {
            Some(Value::Attrs(p)) => Some(p),
            _ => None,
        },
        _ => None,
    };
    let field = |ev: &mut Evaluator<'_>, name: &str| -> EvalResult<Option<Value>> {
        match attr(ev, a, name)? {
            Some(v) => Ok(Some(v)),
            None => match &payload {
                Some(p) => attr(ev, p, name),
                None => Ok(None),
            },
        }
    };
    let special_args = field(ev, "specialArgs")?.unwrap_or(Value::attrs(Default::default()));
    let shorthand_config = matches!(
        field(ev, "shorthandOnlyDefinesConfig")?,
        Some(Value::Bool(true))
    );
    // (nixpkgs' lib shows a freeform type only by evaluating the modules: the instance
    // finds it.)
    let freeform = !matches!(attr(ev, a, "freeformType")?, None | Some(Value::Null));
    Ok(SubmoduleType {
        modules,
        special_args,
        shorthand_config,
        freeform,
    })
}

/// A type of nixpkgs' lib whose submodules are attributed to `file` (by default): its
/// `substSubModules` with each module wrapped as `setDefaultModuleLocation` does. Types of
/// qg's lib, and types without submodules, are left as they are.
pub(crate) fn located(ev: &mut Evaluator<'_>, ty: Value, file: &str) -> EvalResult<Value> {
    let Value::Attrs(a) = &ty else {
        return Ok(ty);
    };
    if let Some(Value::Attrs(m)) = attr(ev, a, "merge")? {
        if m.contains("_qgMerge") {
            return Ok(ty);
        }
    }
    let (Some(Value::List(modules)), Some(subst)) = (
        attr(ev, a, "getSubModules")?,
        attr(ev, a, "substSubModules")?,
    ) else {
        return Ok(ty);
    };
    // The lib rebuilds a `coercedTo` inside with its own function, without the
    // `coerceFunc` qg's lib extension adds: such a type is left as it is.
    if has_coerced(ev, a, 4)? {
        return Ok(ty);
    }
    let wrapped: Vec<Thunk> = modules
        .iter()
        .map(|m| {
            Thunk::value(Value::attrs(super::context::make_attrs(vec![
                ("_file", Thunk::value(Value::string(file))),
                ("imports", Thunk::value(Value::list(vec![m.clone()]))),
            ])))
        })
        .collect();
    let span = ev.no_span();
    match ev.force(&Thunk::apply(
        subst,
        vec![Thunk::value(Value::list(wrapped))],
        span,
    )) {
        Ok(v @ Value::Attrs(_)) => Ok(v),
        _ => Ok(ty),
    }
}

/// Whether a type is, or wraps, a `coercedTo` (not looking into submodules).
fn has_coerced(ev: &mut Evaluator<'_>, a: &qg_eval::Attrs, depth: usize) -> EvalResult<bool> {
    let name = match attr(ev, a, "name")? {
        Some(Value::String(s)) => s.text,
        _ => return Ok(false),
    };
    if &*name == "coercedTo" {
        return Ok(true);
    }
    let keys: &[&str] = match &*name {
        "listOf" | "attrsOf" | "lazyAttrsOf" | "loaOf" | "nullOr" | "unique" | "functionTo" => {
            &["elemType"]
        }
        "either" => &["left", "right"],
        _ => return Ok(false),
    };
    if depth == 0 {
        return Ok(true);
    }
    let Some(Value::Attrs(nested)) = attr(ev, a, "nestedTypes")? else {
        return Ok(false);
    };
    for key in keys {
        if let Some(Value::Attrs(inner)) = attr(ev, &nested, key)? {
            if has_coerced(ev, &inner, depth - 1)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The type of an option with several declarations: their types merged with `typeMerge`
/// (submodules join their modules, enums their values); a pair that does not merge keeps
/// the first type (NixOS refuses such declarations).
pub(crate) fn merged_declared_type(ev: &mut Evaluator<'_>, types: &[Value]) -> EvalResult<Value> {
    let mut iter = types.iter();
    let Some(first) = iter.next() else {
        return Ok(Value::unknown("type"));
    };
    let mut merged = first.clone();
    for next in iter {
        let (Value::Attrs(a), Value::Attrs(b)) = (&merged, next) else {
            continue;
        };
        let (Some(type_merge), Some(functor)) =
            (attr(ev, a, "typeMerge")?, attr(ev, b, "functor")?)
        else {
            continue;
        };
        let span = ev.no_span();
        let result = ev.force(&Thunk::apply(type_merge, vec![Thunk::value(functor)], span));
        if let Ok(v @ Value::Attrs(_)) = result {
            merged = v;
        }
    }
    Ok(merged)
}
