//! `toXML`, in the layout Nix writes.

use std::fmt::Write;

use super::*;
use crate::eval::unknown_operand;
use crate::ir::Param;
use crate::print::format_float;

pub(super) const BUILTINS: &[Entry] = &[("toXML", 1, to_xml)];

fn to_xml(ev: &mut Evaluator<'_>, args: &[Thunk], _: Span) -> EvalResult<Value> {
    let v = ev.force(&args[0])?;
    let mut out = String::from("<?xml version='1.0' encoding='utf-8'?>\n<expr>\n");
    write_xml(ev, &v, 1, &mut out)?;
    out.push_str("</expr>\n");
    Ok(str_value(out))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            '\t' => out.push_str("&#x9;"),
            c => out.push(c),
        }
    }
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn leaf(out: &mut String, depth: usize, tag: &str, value: Option<&str>) {
    indent(out, depth);
    match value {
        Some(v) => {
            let _ = writeln!(out, "<{tag} value=\"{}\" />", escape(v));
        }
        None => {
            let _ = writeln!(out, "<{tag} />");
        }
    }
}

fn write_xml(ev: &mut Evaluator<'_>, v: &Value, depth: usize, out: &mut String) -> EvalResult<()> {
    ev.charge(1)?;
    if out.len() > crate::ops::MAX_STRING {
        return Err(crate::ops::string_too_long());
    }
    ev.descend(|ev| {
        match v {
            Value::Null => leaf(out, depth, "null", None),
            Value::Bool(b) => leaf(out, depth, "bool", Some(if *b { "true" } else { "false" })),
            Value::Int(i) => leaf(out, depth, "int", Some(&i.to_string())),
            Value::Float(f) => leaf(out, depth, "float", Some(&format_float(*f))),
            Value::String(s) => leaf(out, depth, "string", Some(&s.text)),
            Value::Path(p) => leaf(out, depth, "path", Some(p)),
            Value::Attrs(attrs) => {
                indent(out, depth);
                out.push_str("<attrs>\n");
                for a in attrs.iter() {
                    indent(out, depth + 1);
                    let _ = writeln!(out, "<attr name=\"{}\">", escape(&a.name));
                    let value = ev.force(&a.value)?;
                    write_xml(ev, &value, depth + 2, out)?;
                    indent(out, depth + 1);
                    out.push_str("</attr>\n");
                }
                indent(out, depth);
                out.push_str("</attrs>\n");
            }
            Value::List(list) => {
                indent(out, depth);
                out.push_str("<list>\n");
                for item in list.iter() {
                    let value = ev.force(item)?;
                    write_xml(ev, &value, depth + 1, out)?;
                }
                indent(out, depth);
                out.push_str("</list>\n");
            }
            Value::Lambda(closure) => {
                indent(out, depth);
                out.push_str("<function>\n");
                match &closure.def.param {
                    Param::Ident(name) => {
                        indent(out, depth + 1);
                        let _ = writeln!(out, "<varpat name=\"{}\" />", escape(name));
                    }
                    Param::Formals {
                        formals,
                        ellipsis,
                        bind,
                    } => {
                        indent(out, depth + 1);
                        out.push_str("<attrspat");
                        if *ellipsis {
                            out.push_str(" ellipsis=\"1\"");
                        }
                        if let Some(b) = bind {
                            let _ = write!(out, " name=\"{}\"", escape(b));
                        }
                        let mut names: Vec<&str> = formals.iter().map(|f| &*f.name).collect();
                        names.sort_unstable();
                        out.push_str(">\n");
                        for n in names {
                            indent(out, depth + 2);
                            let _ = writeln!(out, "<attr name=\"{}\" />", escape(n));
                        }
                        indent(out, depth + 1);
                        out.push_str("</attrspat>\n");
                    }
                }
                indent(out, depth);
                out.push_str("</function>\n");
            }
            Value::PrimOp(_) | Value::PrimOpApp(_) => leaf(out, depth, "unevaluated", None),
            Value::Unknown(u) => return Err(unknown_operand(u)),
        }
        Ok(())
    })
}
