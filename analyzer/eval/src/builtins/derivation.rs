//! `derivationStrict` and `derivation`, computed as Nix computes them, without writing
//! anything: the attributes become the derivation's environment, its ATerm text gives the
//! output paths (input-addressed: hashed "modulo" the inputs' own derivations; fixed-output:
//! from `outputHash`) and the `.drv` path. Nothing is built.
//!
//! Contexts use Nix's encoding: `/nix/store/p` (a source), `!out!/nix/store/d.drv` (output
//! `out` of a derivation), `=/nix/store/d.drv` (a derivation and its closure).
//!
//! What qg cannot compute stays unknown, of the right shape: a derivation with an unknown
//! attribute, structured attributes, a context with a whole closure (`=`), a derivation
//! whose inputs this evaluation did not make.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::*;
use crate::error::other_error;
use crate::store;

pub(super) const BUILTINS: &[Entry] = &[
    ("derivation", 1, derivation),
    ("derivationStrict", 1, derivation_strict),
];

/// What a computed derivation leaves for the derivations that use it.
#[derive(Clone)]
pub(crate) struct DrvRecord {
    /// `hashDerivationModulo`, hex: what a dependent's output paths hash instead of the
    /// `.drv` path.
    modulo_hash: String,
}

/// Nix's `corepkgs/derivation.nix`: `derivationStrict` wrapped into one set per output.
const DERIVATION_NIX: &str = r#"drvAttrs @ { outputs ? [ "out" ], ... }: strict:
let
  commonAttrs = drvAttrs // (builtins.listToAttrs outputsList) //
    { all = map (x: x.value) outputsList; inherit drvAttrs; };
  outputToAttrListElement = outputName:
    { name = outputName;
      value = commonAttrs // {
        outPath = builtins.getAttr outputName strict;
        drvPath = strict.drvPath;
        type = "derivation";
        inherit outputName;
      };
    };
  outputsList = map outputToAttrListElement outputs;
in (builtins.head outputsList).value
"#;

fn derivation(ev: &mut Evaluator<'_>, args: &[Thunk], span: Span) -> EvalResult<Value> {
    let strict = derivation_strict(ev, args, span)?;
    if let Value::Unknown(_) = strict {
        return unknown_derivation(ev, &args[0]);
    }
    let wrapper = ev.derivation_wrapper()?;
    let partial = ev.call(&wrapper, args[0].clone(), span)?;
    ev.call(&partial, Thunk::value(strict), span)
}

/// The set of a derivation qg cannot compute: the attributes given, `type`, and unknown
/// `outPath`/`drvPath` (and `out`).
fn unknown_derivation(ev: &mut Evaluator<'_>, arg: &Thunk) -> EvalResult<Value> {
    let given = expect_attrs(ev, arg)?;
    let name = match given.get("name") {
        Some(n) => match ev.force(&n.clone())? {
            Value::String(s) => s.text.to_string(),
            _ => "derivation".to_string(),
        },
        None => "derivation".to_string(),
    };
    let out = unknown_string(&format!("output path of {name}"));
    let mut extra = vec![
        Attr {
            name: "type".into(),
            value: Thunk::value(str_value("derivation")),
            key_span: None,
        },
        Attr {
            name: "outPath".into(),
            value: Thunk::value(out.clone()),
            key_span: None,
        },
        Attr {
            name: "drvPath".into(),
            value: Thunk::value(unknown_string(&format!("derivation path of {name}"))),
            key_span: None,
        },
        Attr {
            name: "out".into(),
            value: Thunk::value(out),
            key_span: None,
        },
    ];
    extra.extend(given.iter().cloned());
    Ok(Value::attrs(
        Attrs::from_unsorted(extra).with_span(given.span),
    ))
}

fn unknown_string(reason: &str) -> Value {
    Unknown::value(reason, Shape::String(unknown_parts(reason)))
}

/// A derivation before its paths are known.
struct Drv {
    name: String,
    outputs: Vec<String>,
    /// Fixed output: (method prefix `r:` or ``, algorithm, hex digest).
    fixed: Option<(String, String, String)>,
    input_drvs: BTreeMap<String, BTreeSet<String>>,
    input_srcs: BTreeSet<String>,
    system: String,
    builder: String,
    args: Vec<String>,
    env: BTreeMap<String, String>,
}

/// `derivationStrict attrs`: `{ drvPath; <output> = path; ... }`, or an unknown when qg
/// cannot compute it.
fn derivation_strict(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let given = expect_attrs(ev, &args[0])?;
    let Some(drv) = read_drv(ev, &given)? else {
        return Ok(Value::unknown("derivation qg cannot compute"));
    };
    let Some(paths) = derivation_paths(ev, drv)? else {
        return Ok(Value::unknown("derivation qg cannot compute"));
    };
    let (drv_path, outputs) = paths;
    let mut entries = vec![(
        "drvPath".to_string(),
        with_context(&drv_path, &format!("={drv_path}")),
    )];
    for (name, path) in outputs {
        let value = with_context(&path, &format!("!{name}!{drv_path}"));
        entries.push((name, value));
    }
    Ok(Value::attrs(Attrs::from_unsorted(
        entries
            .into_iter()
            .map(|(name, value)| Attr {
                name: name.into(),
                value: Thunk::value(value),
                key_span: None,
            })
            .collect(),
    )))
}

fn with_context(text: &str, element: &str) -> Value {
    Value::String(NixString {
        text: text.into(),
        context: Some(vec![element.into()].into()),
    })
}

/// The attributes as a derivation; `None` when a part is unknown or qg does not model it.
fn read_drv(ev: &mut Evaluator<'_>, given: &Attrs) -> EvalResult<Option<Drv>> {
    let ignore_nulls = match given.get("__ignoreNulls") {
        Some(t) => matches!(ev.force(&t.clone())?, Value::Bool(true)),
        None => false,
    };
    let name = given
        .get("name")
        .cloned()
        .ok_or_else(|| other_error("required attribute 'name' missing"))?;
    let name = match ev.force(&name)? {
        Value::Unknown(_) => return Ok(None),
        _ => expect_string(ev, &name)?.text.to_string(),
    };
    let mut drv = Drv {
        name,
        outputs: vec!["out".to_string()],
        fixed: None,
        input_drvs: BTreeMap::new(),
        input_srcs: BTreeSet::new(),
        system: String::new(),
        builder: String::new(),
        args: Vec::new(),
        env: BTreeMap::new(),
    };
    let mut context: Vec<Rc<str>> = Vec::new();
    for attr in given.iter() {
        let key: &str = &attr.name;
        if key == "__ignoreNulls" {
            continue;
        }
        let value = ev.force(&attr.value)?;
        if ignore_nulls && matches!(value, Value::Null) {
            continue;
        }
        match key {
            "__structuredAttrs" if matches!(value, Value::Bool(true)) => return Ok(None),
            "__contentAddressed" | "__impure" if matches!(value, Value::Bool(true)) => {
                return Ok(None)
            }
            "args" => {
                let items = expect_list(ev, &attr.value)?;
                for item in items.iter() {
                    let v = ev.force(item)?;
                    let Some(s) = coerce(ev, &v, &mut context)? else {
                        return Ok(None);
                    };
                    drv.args.push(s);
                }
                continue;
            }
            _ => {}
        }
        let Some(text) = coerce(ev, &value, &mut context)? else {
            return Ok(None);
        };
        match key {
            "builder" => drv.builder = text.clone(),
            "system" => drv.system = text.clone(),
            "outputs" => {
                let items = expect_list(ev, &attr.value)?;
                let mut outputs = Vec::new();
                for item in items.iter() {
                    let out = expect_string(ev, item)?.text.to_string();
                    if out == "drv" {
                        return Err(other_error("invalid derivation output name 'drv'"));
                    }
                    if outputs.contains(&out) {
                        return Err(other_error(format!("duplicate derivation output '{out}'")));
                    }
                    outputs.push(out);
                }
                if outputs.is_empty() {
                    return Err(other_error(
                        "derivation cannot have an empty set of outputs",
                    ));
                }
                drv.outputs = outputs;
            }
            _ => {}
        }
        drv.env.insert(key.to_string(), text);
    }
    if drv.builder.is_empty() && !drv.env.contains_key("builder") {
        return Err(other_error("required attribute 'builder' missing"));
    }
    if drv.system.is_empty() && !drv.env.contains_key("system") {
        return Err(other_error("required attribute 'system' missing"));
    }
    if let Some(hash) = drv.env.get("outputHash").cloned() {
        let algo = drv.env.get("outputHashAlgo").cloned().unwrap_or_default();
        let method = match drv.env.get("outputHashMode").map(String::as_str) {
            None | Some("flat") => "",
            Some("recursive") | Some("nar") => "r:",
            Some(_) => return Ok(None),
        };
        let context_algo = (!algo.is_empty()).then_some(algo.as_str());
        let (algo, bytes) = super::hashes::parse_hash(&hash, context_algo)?;
        drv.fixed = Some((method.to_string(), algo, store::hex(&bytes)));
    }
    for element in context {
        if let Some(path) = element.strip_prefix('=') {
            // A whole closure: the store would have to be read.
            let _ = path;
            return Ok(None);
        } else if let Some(rest) = element.strip_prefix('!') {
            let Some((output, path)) = rest.split_once('!') else {
                return Ok(None);
            };
            drv.input_drvs
                .entry(path.to_string())
                .or_default()
                .insert(output.to_string());
        } else {
            drv.input_srcs.insert(element.to_string());
        }
    }
    Ok(Some(drv))
}

/// A value as the derivation's environment holds it (`toString` with paths copied);
/// `None` when it is unknown.
fn coerce(
    ev: &mut Evaluator<'_>,
    value: &Value,
    context: &mut Vec<Rc<str>>,
) -> EvalResult<Option<String>> {
    match ev.coerce_to_string(value, true, true)? {
        Value::String(s) => {
            context.extend(s.context.iter().flat_map(|c| c.iter()).cloned());
            Ok(Some(s.text.to_string()))
        }
        _ => Ok(None),
    }
}

/// The `.drv` path and the output paths; `None` when an input derivation is not one this
/// evaluation computed.
#[allow(clippy::type_complexity)]
fn derivation_paths(
    ev: &mut Evaluator<'_>,
    mut drv: Drv,
) -> EvalResult<Option<(String, Vec<(String, String)>)>> {
    let mut outputs: Vec<(String, String)> = Vec::new();
    let modulo_hash;
    if let Some((method, algo, hex)) = drv.fixed.clone() {
        if drv.outputs != ["out"] {
            return Err(other_error(
                "multiple outputs are not supported in fixed-output derivations",
            ));
        }
        let path = if method == "r:" && algo == "sha256" {
            store::make_typed_store_path("source", &hex, &drv.name)
        } else {
            let inner = format!("fixed:out:{method}{algo}:{hex}:");
            store::make_typed_store_path(
                "output:out",
                &store::hex(&Sha256::digest(inner.as_bytes())),
                &drv.name,
            )
        };
        modulo_hash = store::hex(&Sha256::digest(
            format!("fixed:out:{method}{algo}:{hex}:{path}").as_bytes(),
        ));
        drv.env.insert("out".into(), path.clone());
        outputs.push(("out".into(), path));
    } else {
        for out in &drv.outputs {
            drv.env.insert(out.clone(), String::new());
        }
        let mut masked_inputs = BTreeMap::new();
        for (path, outs) in &drv.input_drvs {
            let Some(record) = ev.derivation_record(path) else {
                return Ok(None);
            };
            masked_inputs.insert(record.modulo_hash.clone(), outs.clone());
        }
        let masked = aterm(&drv, &[], &masked_inputs);
        let hash = store::hex(&Sha256::digest(masked.as_bytes()));
        for out in drv.outputs.clone() {
            let path_name = if out == "out" {
                drv.name.clone()
            } else {
                format!("{}-{out}", drv.name)
            };
            let path = store::make_typed_store_path(&format!("output:{out}"), &hash, &path_name);
            drv.env.insert(out.clone(), path.clone());
            outputs.push((out, path));
        }
        // What dependents hash in place of this `.drv`: paths filled in, inputs masked.
        let filled = aterm(&drv, &outputs, &masked_inputs);
        modulo_hash = store::hex(&Sha256::digest(filled.as_bytes()));
    }
    let text = aterm(&drv, &outputs, &drv.input_drvs);
    let references: Vec<&str> = drv
        .input_srcs
        .iter()
        .chain(drv.input_drvs.keys())
        .map(String::as_str)
        .collect();
    let drv_path =
        store::make_text_path(&format!("{}.drv", drv.name), text.as_bytes(), &references);
    ev.record_derivation(&drv_path, DrvRecord { modulo_hash }, &text);
    Ok(Some((drv_path, outputs)))
}

/// The derivation in Nix's ATerm syntax. `outputs` empty: every output path is `""`.
fn aterm(
    drv: &Drv,
    outputs: &[(String, String)],
    input_drvs: &BTreeMap<String, BTreeSet<String>>,
) -> String {
    let mut out = String::from("Derive([");
    let mut names = drv.outputs.clone();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let path = outputs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, p)| p.as_str());
        let (method, hex) = match &drv.fixed {
            Some((method, algo, hex)) => (format!("{method}{algo}"), hex.as_str()),
            None => (String::new(), ""),
        };
        out.push('(');
        push_strings(&mut out, &[name, path, &method, hex]);
        out.push(')');
    }
    out.push_str("],[");
    for (i, (path, outs)) in input_drvs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('(');
        push_string(&mut out, path);
        out.push_str(",[");
        let outs: Vec<&str> = outs.iter().map(String::as_str).collect();
        push_strings(&mut out, &outs);
        out.push_str("])");
    }
    out.push_str("],[");
    let srcs: Vec<&str> = drv.input_srcs.iter().map(String::as_str).collect();
    push_strings(&mut out, &srcs);
    out.push_str("],");
    push_strings(&mut out, &[&drv.system, &drv.builder]);
    out.push_str(",[");
    let args: Vec<&str> = drv.args.iter().map(String::as_str).collect();
    push_strings(&mut out, &args);
    out.push_str("],[");
    for (i, (k, v)) in drv.env.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('(');
        push_strings(&mut out, &[k, v]);
        out.push(')');
    }
    out.push_str("])");
    out
}

fn push_strings(out: &mut String, items: &[&str]) {
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_string(out, s);
    }
}

/// A string as ATerm writes it: quoted, with `"`, `\`, newline, CR and tab escaped.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn wrapper_source() -> &'static str {
    DERIVATION_NIX
}
