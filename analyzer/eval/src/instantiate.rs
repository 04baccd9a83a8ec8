//! What `nix-instantiate --eval` does around an evaluation: calling a function with the
//! `--arg`/`--argstr` values (Nix's `autoCallFunction`), selecting an `-A` path, and
//! printing the result lazily, strictly or as JSON.
//!
//! qg adds one thing Nix lacks: [`AutoCall::with_unknowns`], which gives an unknown to each
//! required formal that no `--arg` names (so a NixOS module can be evaluated alone).

use std::path::PathBuf;

use super::error::{ErrorKind, EvalError, EvalResult};
use super::ir;
use super::print;
use super::thunk::Thunk;
use super::value::{Attr, Attrs, Span, Sym, Value};
use super::Evaluator;

/// The arguments `nix-instantiate` gives to the functions it auto-calls.
#[derive(Clone, Default)]
pub struct AutoCall {
    args: Vec<(Sym, Thunk)>,
    /// Give an unknown to every required formal no argument names.
    pub with_unknowns: bool,
}

impl AutoCall {
    /// `--argstr name value`: the string itself.
    pub fn push_string(&mut self, name: &str, value: &str) {
        self.push(name, Thunk::value(Value::string(value)));
    }

    /// `--arg name expr`: the expression, parsed and evaluated only if the function reads
    /// it; relative paths in it resolve from `base` (the current directory).
    pub fn push_expr(&mut self, name: &str, expr: &str, base: PathBuf) {
        let text: String = expr.to_string();
        let file = base.join("«string»");
        let thunk = Thunk::deferred(Span::synthetic(), move |ev| ev.eval_text(&file, &text));
        self.push(name, thunk);
    }

    /// The last value given for a name wins, as in Nix.
    fn push(&mut self, name: &str, value: Thunk) {
        self.args.retain(|(n, _)| &**n != name);
        self.args.push((name.into(), value));
    }

    /// No `--arg` or `--argstr` was given.
    pub fn is_empty(&self) -> bool {
        self.args.is_empty()
    }

    fn get(&self, name: &str) -> Option<&Thunk> {
        self.args.iter().find(|(n, _)| &**n == name).map(|(_, t)| t)
    }
}

impl Evaluator<'_> {
    /// Nix's `autoCallFunction`: a function with formals is called with the arguments it
    /// declares (all of them if it has `...`); a formal without a default that no argument
    /// names is an error (or an unknown, with [`AutoCall::with_unknowns`]). Anything else,
    /// `x: ...` included, is returned as it is.
    pub fn auto_call_with(&mut self, value: Value, call: &AutoCall) -> EvalResult<Value> {
        let value = self.force_value(value)?;
        let Value::Lambda(closure) = &value else {
            return Ok(value);
        };
        let ir::Param::Formals {
            formals, ellipsis, ..
        } = &closure.def.param
        else {
            return Ok(value);
        };
        let mut args = Vec::new();
        for formal in formals {
            match call.get(&formal.name) {
                Some(t) => args.push(attr(&formal.name, t.clone())),
                None if formal.default.is_some() => {}
                None if call.with_unknowns => args.push(attr(
                    &formal.name,
                    Thunk::value(Value::unknown(formal.name.clone())),
                )),
                None => {
                    return Err(EvalError::new(
                        ErrorKind::MissingArg,
                        format!(
                        "cannot evaluate a function that has an argument without a value ('{}')",
                        formal.name
                    ),
                    ))
                }
            }
        }
        if *ellipsis {
            for (name, t) in &call.args {
                if !formals.iter().any(|f| f.name == *name) {
                    args.push(attr(name, t.clone()));
                }
            }
        }
        let mut args = Attrs::from_unsorted(args);
        if *ellipsis && call.with_unknowns {
            args.open = Some("module argument".into());
        }
        self.call_function(&value, Value::attrs(args))
    }

    /// `-A a.b.0`: each step auto-calls the value first (as Nix's `findAlongAttrPath`),
    /// then selects an attribute, or an element when the value is a list and the name a
    /// number. Names may be quoted (`a."b.c"`).
    pub fn select_attr_path(
        &mut self,
        mut value: Value,
        path: &str,
        call: &AutoCall,
    ) -> EvalResult<Value> {
        let names = split_attr_path(path)?;
        for name in &names {
            value = self.auto_call_with(value, call)?;
            value = match (&value, name.parse::<usize>()) {
                (Value::List(list), Ok(index)) => match list.get(index) {
                    Some(t) => self.force(&t.clone())?,
                    None => {
                        return Err(EvalError::new(
                            ErrorKind::MissingAttr,
                            format!("list index {index} in selection path '{path}' is out of range"),
                        ))
                    }
                },
                (Value::Attrs(attrs), _) if attrs.get(name).is_none() && attrs.open.is_none() => {
                    return Err(EvalError::new(
                        ErrorKind::MissingAttr,
                        format!("attribute '{name}' in selection path '{path}' not found"),
                    ))
                }
                (Value::Attrs(_) | Value::Unknown(_), _) => self.select(&value, &[name])?,
                (other, _) => {
                    return Err(EvalError::new(
                        ErrorKind::Type,
                        format!(
                            "the expression selected by the selection path '{path}' should be a set but is {}",
                            other.describe()
                        ),
                    ))
                }
            };
        }
        Ok(value)
    }

    /// The value as `nix-instantiate --eval` prints it without `--strict`: forced to weak
    /// head normal form only, unevaluated parts as `<CODE>`.
    pub fn print_lazy(&mut self, value: &Value) -> EvalResult<String> {
        let value = self.force_value(value.clone())?;
        Ok(print::print_value(&value))
    }

    /// The value as `nix-instantiate --eval --json` prints it: with `strict`, forced
    /// deeply first; without, a part that is not evaluated yet is an error, as in Nix.
    pub fn print_json(&mut self, value: &Value, strict: bool) -> EvalResult<String> {
        let value = self.force_value(value.clone())?;
        if strict {
            self.deep_force(&value)?;
        } else if has_unevaluated_part(&value) {
            return Err(EvalError::new(
                ErrorKind::Other,
                "cannot convert a thunk to JSON".to_string(),
            ));
        }
        let to_json = self.select(&self.builtins(), &["toJSON"])?;
        match self.call_function(&to_json, value)? {
            Value::String(s) => Ok(s.as_str().to_string()),
            other => Ok(print::print_value(&other)),
        }
    }

    fn force_value(&mut self, value: Value) -> EvalResult<Value> {
        self.force(&Thunk::value(value))
    }
}

fn attr(name: &Sym, value: Thunk) -> Attr {
    Attr {
        name: name.clone(),
        value,
        key_span: None,
    }
}

/// `a."b.c".d` → `a`, `b.c`, `d`; an empty path selects the value itself.
fn split_attr_path(path: &str) -> EvalResult<Vec<String>> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in path.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            '.' if !quoted => {
                names.push(std::mem::take(&mut current));
                any = false;
            }
            c => {
                current.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(EvalError::new(
            ErrorKind::Other,
            format!("missing closing quote in selection path '{path}'"),
        ));
    }
    if any || !names.is_empty() {
        names.push(current);
    }
    if names.iter().any(String::is_empty) {
        return Err(EvalError::new(
            ErrorKind::Other,
            format!("empty attribute name in selection path '{path}'"),
        ));
    }
    Ok(names)
}

/// Whether some part of the value (below the top) is a thunk not yet evaluated.
fn has_unevaluated_part(value: &Value) -> bool {
    let mut stack = vec![value.clone()];
    let mut seen = std::collections::HashSet::new();
    while let Some(v) = stack.pop() {
        let thunks: Vec<Thunk> = match &v {
            Value::Attrs(attrs) => {
                if !seen.insert(std::rc::Rc::as_ptr(attrs) as *const u8 as usize) {
                    continue;
                }
                attrs.iter().map(|a| a.value.clone()).collect()
            }
            Value::List(list) => list.iter().cloned().collect(),
            _ => continue,
        };
        for t in thunks {
            match t.peek() {
                Some(inner) => stack.push(inner),
                None => return true,
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::split_attr_path;

    #[test]
    fn attr_paths_split_on_unquoted_dots() {
        assert_eq!(split_attr_path("").unwrap(), Vec::<String>::new());
        assert_eq!(split_attr_path("a.b.0").unwrap(), ["a", "b", "0"]);
        assert_eq!(split_attr_path(r#"a."b.c".d"#).unwrap(), ["a", "b.c", "d"]);
        assert!(split_attr_path("a..b").is_err());
        assert!(split_attr_path(r#"a."b"#).is_err());
    }
}
