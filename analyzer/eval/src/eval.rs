//! Evaluation of expressions: the interpreter loop, variable lookup, function calls.
//!
//! Recursion follows the expression tree; `stacker` moves deep evaluations onto fresh stack
//! segments, and the step budget and depth limit turn runaway evaluations into located
//! errors. Unknown values flow through every construct: an unknown condition makes an
//! unknown `if`, calling an unknown gives an unknown, selecting from one too.

use std::rc::Rc;

use super::env::{Env, EnvKind};
use super::error::{locate, other_error, ErrorKind, EvalError, EvalResult};
use super::ir::*;
use super::thunk::{Thunk, ThunkState};
use super::value::*;
use super::{ops, print_error, Evaluator};

/// Stack kept free before `stacker` switches to a new segment, and the segment size.
const RED_ZONE: usize = 256 * 1024;
const SEGMENT: usize = 8 * 1024 * 1024;
/// Frames kept in an error's trace; deep recursions would otherwise make huge traces.
const MAX_TRACE: usize = 24;

impl Evaluator<'_> {
    /// Evaluates `e` in `env` to weak head normal form.
    pub(crate) fn eval(&mut self, e: &ExprRef, env: &Rc<Env>) -> EvalResult<Value> {
        self.enter(e.span)?;
        let result = stacker::maybe_grow(RED_ZONE, SEGMENT, || self.eval_inner(e, env));
        self.depth -= 1;
        result
    }

    /// Counts one step and one level of depth, failing when a limit is exceeded.
    pub(crate) fn enter(&mut self, span: Span) -> EvalResult<()> {
        self.steps += 1;
        if self.steps > self.options.max_steps {
            return Err(EvalError::at(
                ErrorKind::Limit,
                format!(
                    "evaluation exceeded the step budget of {} steps",
                    self.options.max_steps
                ),
                span,
            ));
        }
        if self.depth >= self.options.max_depth {
            return Err(EvalError::at(
                ErrorKind::Limit,
                format!(
                    "evaluation exceeded the depth limit of {} nested evaluations",
                    self.options.max_depth
                ),
                span,
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Runs a recursive walk one level deeper (deep equality, `toJSON`, deep forcing...):
    /// counted against the depth limit and given stack as it needs.
    pub(crate) fn descend<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> EvalResult<T>,
    ) -> EvalResult<T> {
        if self.depth >= self.options.max_depth {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "evaluation exceeded the depth limit of {} nested evaluations",
                    self.options.max_depth
                ),
            ));
        }
        self.depth += 1;
        let result = stacker::maybe_grow(RED_ZONE, SEGMENT, || f(self));
        self.depth -= 1;
        result
    }

    /// Joins string pieces, counting one step per 16 bytes made, so that the step budget
    /// also bounds the memory strings take.
    pub(crate) fn join_strings(&mut self, pieces: Vec<Value>) -> EvalResult<Value> {
        let joined = ops::join_strings(pieces)?;
        if let Value::String(s) = &joined {
            self.charge(s.text.len() as u64 / 16)?;
        }
        Ok(joined)
    }

    /// Checks the size of a list about to be made (and counts it against the budget).
    pub(crate) fn charge_list(&mut self, len: usize) -> EvalResult<()> {
        if len > ops::MAX_LIST {
            return Err(ops::list_too_long());
        }
        self.charge(len as u64)
    }

    /// Counts `n` steps of work done without evaluating expressions (copying a list,
    /// comparing deeply...), so that such work is bounded by the step budget too.
    pub(crate) fn charge(&mut self, n: u64) -> EvalResult<()> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > self.options.max_steps {
            return Err(EvalError::new(
                ErrorKind::Limit,
                format!(
                    "evaluation exceeded the step budget of {} steps",
                    self.options.max_steps
                ),
            ));
        }
        Ok(())
    }

    fn eval_inner(&mut self, e: &ExprRef, env: &Rc<Env>) -> EvalResult<Value> {
        match &e.kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Var(var) => self.lookup(var, env, e.span),
            ExprKind::Attrs(def) => self.eval_attrs(def, env, e.span),
            ExprKind::List(items) => Ok(Value::list(
                items.iter().map(|i| self.thunk_of(i, env)).collect(),
            )),
            ExprKind::Lambda(def) => Ok(Value::Lambda(Rc::new(Closure {
                def: def.clone(),
                env: env.clone(),
            }))),
            ExprKind::Apply(f, arg) => {
                let f = self.eval(f, env)?;
                let arg = self.thunk_of(arg, env);
                self.call(&f, arg, e.span)
            }
            ExprKind::Let(bindings, body) => {
                let env = self.recursive_env(bindings, env);
                self.eval(body, &env)
            }
            ExprKind::With(namespace, body) => {
                let scope = self.thunk_of(namespace, env);
                let env = Env::with(env, scope);
                self.eval(body, &env)
            }
            ExprKind::If(cond, then, otherwise) => match self.eval_bool(cond, env)? {
                Ok(true) => self.eval(then, env),
                Ok(false) => self.eval(otherwise, env),
                Err(unknown) => Ok(unknown),
            },
            ExprKind::Assert(cond, body, text) => match self.eval_bool(cond, env)? {
                Ok(true) | Err(_) => self.eval(body, env),
                Ok(false) => Err(EvalError::at(
                    ErrorKind::Assert,
                    format!("assertion '{text}' failed"),
                    e.span,
                )),
            },
            ExprKind::Not(operand) => match self.eval_bool(operand, env)? {
                Ok(b) => Ok(Value::Bool(!b)),
                Err(unknown) => Ok(unknown),
            },
            ExprKind::Neg(operand) => {
                let v = self.eval(operand, env)?;
                ops::arith(self, ops::Arith::Sub, &Value::Int(0), &v)
                    .map_err(|err| locate(err, e.span))
            }
            ExprKind::Bin(op, l, r) => self.eval_bin(*op, l, r, env, e.span),
            ExprKind::Select(target, keys, default) => {
                self.eval_select(target, keys, default.as_ref(), env, e.span)
            }
            ExprKind::HasAttr(target, keys) => self.eval_has_attr(target, keys, env),
            ExprKind::Interpolate(parts, kind) => {
                self.eval_interpolation(parts, *kind, env, e.span)
            }
            ExprKind::SearchPath(name) => {
                Ok(Unknown::value(format!("search path <{name}>"), Shape::Path))
            }
        }
    }

    /// A thunk for `e` in `env`, without allocating one when the value is at hand (Nix's
    /// `maybeThunk`): literals and `[ ]` are values, a variable shares its binding's thunk
    /// (which makes it the same value slot, as in Nix) and a global is its value. Anything
    /// else, a lambda or `__curPos` included, is a thunk: lazy printing shows it as `<CODE>`
    /// until something forces it, as Nix does.
    pub(crate) fn thunk_of(&mut self, e: &ExprRef, env: &Rc<Env>) -> Thunk {
        match &e.kind {
            ExprKind::Const(v) if !matches!(v, Value::Attrs(_)) => {
                Thunk::value_at(v.clone(), e.span)
            }
            ExprKind::Var(Var::Local { up, index }) => {
                match env.ancestor(*up).and_then(|env| env.slot(*index)) {
                    Some(t) => t,
                    None => Thunk::expr(e.clone(), env.clone()),
                }
            }
            ExprKind::Var(Var::Global(v)) => Thunk::value_at(v.clone(), e.span),
            ExprKind::List(items) if items.is_empty() => {
                Thunk::value_at(Value::list(Vec::new()), e.span)
            }
            _ => Thunk::expr(e.clone(), env.clone()),
        }
    }

    /// Forces a thunk to weak head normal form (memoised; black-holed meanwhile).
    pub fn force(&mut self, t: &Thunk) -> EvalResult<Value> {
        let state = {
            let mut cell = t.0.state.borrow_mut();
            match &*cell {
                ThunkState::Done(v) => return Ok(v.clone()),
                ThunkState::Blackhole => {
                    return Err(EvalError::new(
                        ErrorKind::InfiniteRecursion,
                        "infinite recursion encountered",
                    ))
                }
                _ => std::mem::replace(&mut *cell, ThunkState::Blackhole),
            }
        };
        let result = match &state {
            ThunkState::Expr(e, env) => self.eval(e, env),
            ThunkState::Apply(f, args, span) => self.call_many(f, args, *span),
            ThunkState::Native(f, span) => {
                let f = f.clone();
                f(self).or_else(|err| unknown_from_error(err, *span))
            }
            ThunkState::Done(_) | ThunkState::Blackhole => unreachable!("handled above"),
        };
        let mut cell = t.0.state.borrow_mut();
        match result {
            Ok(v) => {
                *cell = ThunkState::Done(v.clone());
                Ok(v)
            }
            Err(err) => {
                *cell = state;
                Err(err)
            }
        }
    }

    #[inline(never)]
    fn lookup(&mut self, var: &Var, env: &Rc<Env>, span: Span) -> EvalResult<Value> {
        match var {
            Var::Global(v) => Ok(v.clone()),
            Var::Local { up, index } => {
                let thunk = env
                    .ancestor(*up)
                    .and_then(|env| env.slot(*index))
                    .ok_or_else(|| {
                        EvalError::at(
                            ErrorKind::Other,
                            "variable used after its evaluation ended",
                            span,
                        )
                    })?;
                self.force(&thunk).map_err(|err| locate(err, span))
            }
            Var::With { up, name } => {
                let mut current = env.ancestor(*up);
                while let Some(env) = current {
                    if let EnvKind::With(scope) = &env.kind {
                        match self.force(scope).map_err(|err| locate(err, span))? {
                            Value::Attrs(attrs) => {
                                if let Some(t) = attrs.get(name) {
                                    let t = t.clone();
                                    return self.force(&t).map_err(|err| locate(err, span));
                                }
                                if let Some(reason) = &attrs.open {
                                    return Ok(Value::unknown(reason.clone()));
                                }
                            }
                            Value::Unknown(u) => return Ok(Value::unknown(u.reason.clone())),
                            other => {
                                return Err(locate(
                                    print_error::expected(self, &other, "a set"),
                                    span,
                                ))
                            }
                        }
                    }
                    current = env.parent.as_ref();
                }
                Err(EvalError::at(
                    ErrorKind::Other,
                    format!("undefined variable '{name}'"),
                    span,
                ))
            }
        }
    }

    /// A `let` or `rec` scope: its slots refer to the scope itself.
    #[inline(never)]
    pub(crate) fn recursive_env(&mut self, bindings: &[Binding], parent: &Rc<Env>) -> Rc<Env> {
        let env = Env::slots(parent, Vec::with_capacity(bindings.len()));
        for b in bindings {
            let t = if b.outer {
                self.thunk_of(&b.value, parent)
            } else {
                self.thunk_of(&b.value, &env)
            };
            env.push_slot(t);
        }
        self.keep_env(&env);
        env
    }

    /// Remembers an environment that may be part of a reference cycle, to break the cycle
    /// when the evaluator is dropped.
    pub(crate) fn keep_env(&mut self, env: &Rc<Env>) {
        self.cyclic_envs.push(env.clone());
    }

    /// Evaluates a condition: `Ok(Ok(bool))`, or `Ok(Err(unknown))` when it is unknown.
    fn eval_bool(&mut self, e: &ExprRef, env: &Rc<Env>) -> EvalResult<Result<bool, Value>> {
        match self.eval(e, env)? {
            Value::Bool(b) => Ok(Ok(b)),
            Value::Unknown(u) => Ok(Err(Unknown::at(u.reason.clone(), e.span))),
            other => Err(locate(
                print_error::expected(self, &other, "a Boolean"),
                e.span,
            )),
        }
    }

    #[inline(never)]
    fn eval_bin(
        &mut self,
        op: BinOp,
        l: &ExprRef,
        r: &ExprRef,
        env: &Rc<Env>,
        span: Span,
    ) -> EvalResult<Value> {
        let logical = |this: &mut Self, short: bool, result_if_short: bool| {
            let left = this.eval_bool(l, env)?;
            match left {
                Ok(b) if b == short => Ok(Value::Bool(result_if_short)),
                Ok(_) => match this.eval_bool(r, env)? {
                    Ok(b) => Ok(Value::Bool(b)),
                    Err(unknown) => Ok(unknown),
                },
                Err(unknown) => Ok(unknown),
            }
        };
        match op {
            BinOp::And => return logical(self, false, false),
            BinOp::Or => return logical(self, true, true),
            BinOp::Impl => {
                return match self.eval_bool(l, env)? {
                    Ok(false) => Ok(Value::Bool(true)),
                    Ok(true) => match self.eval_bool(r, env)? {
                        Ok(b) => Ok(Value::Bool(b)),
                        Err(unknown) => Ok(unknown),
                    },
                    Err(unknown) => Ok(unknown),
                }
            }
            _ => {}
        }
        let a = self.eval(l, env)?;
        let b = self.eval(r, env)?;
        let result = match op {
            BinOp::Add => self.add(&a, &b),
            BinOp::Sub => ops::arith(self, ops::Arith::Sub, &a, &b),
            BinOp::Mul => ops::arith(self, ops::Arith::Mul, &a, &b),
            BinOp::Div => ops::arith(self, ops::Arith::Div, &a, &b),
            BinOp::Concat => {
                let copied = a.as_list().map_or(0, List::len) + b.as_list().map_or(0, List::len);
                self.charge_list(copied)?;
                ops::concat_lists(self, &a, &b)
            }
            BinOp::Update => ops::update(self, &a, &b),
            BinOp::Eq => self.equal_or_unknown(&a, &b, false),
            BinOp::NotEq => self.equal_or_unknown(&a, &b, true),
            BinOp::Less => self.less_or_unknown(&a, &b, false),
            BinOp::More => self.less_or_unknown(&b, &a, false),
            BinOp::LessEq => self.less_or_unknown(&b, &a, true),
            BinOp::MoreEq => self.less_or_unknown(&a, &b, true),
            BinOp::And | BinOp::Or | BinOp::Impl => unreachable!("handled above"),
        };
        result
            .or_else(|err| unknown_from_error(err, span))
            .map_err(|err| locate(err, span))
    }

    fn equal_or_unknown(&mut self, a: &Value, b: &Value, negate: bool) -> EvalResult<Value> {
        Ok(Value::Bool(self.values_equal(a, b)? != negate))
    }

    fn less_or_unknown(&mut self, a: &Value, b: &Value, negate: bool) -> EvalResult<Value> {
        Ok(Value::Bool(self.less_than(a, b)? != negate))
    }

    /// Selects one attribute name (static or computed) of a key path.
    fn key_name(&mut self, key: &Key, env: &Rc<Env>) -> EvalResult<Result<Sym, Value>> {
        match key {
            Key::Static(name, _) => Ok(Ok(name.clone())),
            Key::Dynamic(e) => match self.eval(e, env)? {
                Value::String(s) => Ok(Ok(s.text)),
                Value::Unknown(u) => Ok(Err(Value::unknown(u.reason.clone()))),
                other => Err(locate(
                    print_error::expected(self, &other, "a string"),
                    e.span,
                )),
            },
        }
    }

    #[inline(never)]
    fn eval_select(
        &mut self,
        target: &ExprRef,
        keys: &[Key],
        default: Option<&ExprRef>,
        env: &Rc<Env>,
        span: Span,
    ) -> EvalResult<Value> {
        let mut value = self.eval(target, env)?;
        for key in keys {
            let name = match self.key_name(key, env)? {
                Ok(name) => name,
                Err(unknown) => return Ok(unknown),
            };
            let attrs = match value {
                Value::Attrs(attrs) => attrs,
                Value::Unknown(u) => return Ok(Unknown::at(u.reason.clone(), span)),
                other => {
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    return Err(locate(print_error::expected(self, &other, "a set"), span));
                }
            };
            match attrs.get(&name) {
                Some(t) => {
                    let t = t.clone();
                    value = self.force(&t).map_err(|err| locate(err, span))?;
                }
                None => {
                    // An open set may hold the name: `x.a or d` is then unknown, not `d`.
                    if let Some(reason) = &attrs.open {
                        return Ok(Unknown::at(reason.clone(), span));
                    }
                    if let Some(d) = default {
                        return self.eval(d, env);
                    }
                    return Err(EvalError::at(
                        ErrorKind::MissingAttr,
                        format!("attribute '{name}' missing"),
                        span,
                    ));
                }
            }
        }
        Ok(value)
    }

    #[inline(never)]
    fn eval_has_attr(
        &mut self,
        target: &ExprRef,
        keys: &[Key],
        env: &Rc<Env>,
    ) -> EvalResult<Value> {
        let mut value = self.eval(target, env)?;
        for (i, key) in keys.iter().enumerate() {
            let last = i + 1 == keys.len();
            let name = match self.key_name(key, env)? {
                Ok(name) => name,
                Err(unknown) => return Ok(unknown),
            };
            match value {
                Value::Attrs(attrs) => match attrs.get(&name) {
                    Some(_) if last => return Ok(Value::Bool(true)),
                    Some(t) => {
                        let t = t.clone();
                        value = self.force(&t)?;
                    }
                    None if attrs.open.is_some() => {
                        return Ok(Unknown::value(attrs.open.clone().unwrap(), Shape::Bool))
                    }
                    None => return Ok(Value::Bool(false)),
                },
                Value::Unknown(u) => return Ok(Unknown::value(u.reason.clone(), Shape::Bool)),
                _ => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    }

    #[inline(never)]
    fn eval_interpolation(
        &mut self,
        parts: &[ExprRef],
        kind: InterpKind,
        env: &Rc<Env>,
        span: Span,
    ) -> EvalResult<Value> {
        let mut pieces = Vec::with_capacity(parts.len());
        for part in parts {
            let v = self.eval(part, env)?;
            let copy = kind == InterpKind::String;
            let s = self
                .coerce_to_string(&v, copy, false)
                .map_err(|err| locate(err, part.span))?;
            pieces.push(s);
        }
        let joined = self.join_strings(pieces).map_err(|err| locate(err, span))?;
        match (kind, joined) {
            (InterpKind::String, s) => Ok(s),
            (InterpKind::Path, Value::String(s)) => {
                Ok(Value::Path(super::path::canonicalize(&s.text, "/").into()))
            }
            (InterpKind::Path, Value::Unknown(u)) => {
                Ok(Unknown::value(u.reason.clone(), Shape::Path))
            }
            (InterpKind::Path, _) => Err(EvalError::at(ErrorKind::Other, "invalid path", span)),
        }
    }

    #[inline(never)]
    fn eval_attrs(&mut self, def: &AttrsDef, env: &Rc<Env>, span: Span) -> EvalResult<Value> {
        let has_overrides = def.rec && def.statics.iter().any(|s| &*s.name == "__overrides");
        let set_env = if has_overrides {
            // As Nix does then: every attribute a thunk of its own, so one that names
            // another reads the scope after `__overrides` replaced it.
            let scope = Env::slots(env, Vec::with_capacity(def.slots.len()));
            for b in &def.slots {
                let t = if b.outer {
                    self.thunk_of(&b.value, env)
                } else {
                    Thunk::expr(b.value.clone(), scope.clone())
                };
                scope.push_slot(t);
            }
            self.keep_env(&scope);
            scope
        } else if def.rec {
            let bindings: &[Binding] = &def.slots;
            self.recursive_env(bindings, env)
        } else if def.has_env() {
            let hidden = Env::slots(env, Vec::with_capacity(def.slots.len()));
            for b in &def.slots {
                let t = self.thunk_of(&b.value, &hidden);
                hidden.push_slot(t);
            }
            hidden
        } else {
            env.clone()
        };
        let mut entries = Vec::with_capacity(def.statics.len() + def.dynamics.len());
        for s in &def.statics {
            let value = match &s.value {
                AttrValue::Slot(i) => set_env.slot(*i).ok_or_else(|| other_error("bad slot"))?,
                AttrValue::Expr(e) => self.thunk_of(e, &set_env),
            };
            entries.push(Attr {
                name: s.name.clone(),
                value,
                key_span: Some(s.key_span),
            });
        }
        if has_overrides {
            self.apply_overrides(def, &set_env, &mut entries)?;
        }
        let mut attrs = Attrs::from_sorted(entries).with_span(Some(span));
        if def.dynamics.is_empty() {
            return Ok(Value::attrs(attrs));
        }
        let mut extra: Vec<Attr> = Vec::with_capacity(def.dynamics.len());
        for d in &def.dynamics {
            let name = match self.eval(&d.key, &set_env)? {
                Value::Null => continue,
                Value::String(s) => s.text,
                Value::Unknown(u) => {
                    attrs.open = Some(u.reason.clone());
                    continue;
                }
                other => {
                    return Err(locate(
                        print_error::expected(self, &other, "a string"),
                        d.key.span,
                    ))
                }
            };
            if attrs.contains(&name) || extra.iter().any(|a| a.name == name) {
                let (line, col) = self.line_column(d.key_span);
                return Err(EvalError::at(
                    ErrorKind::Other,
                    format!(
                        "dynamic attribute '{name}' already defined at {}:{line}:{col}",
                        self.file_path(d.key_span.file).display()
                    ),
                    d.key_span,
                ));
            }
            extra.push(Attr {
                name,
                value: self.thunk_of(&d.value, &set_env),
                key_span: Some(d.key_span),
            });
        }
        let open = attrs.open.clone();
        let mut all = attrs.into_entries();
        all.extend(extra);
        let mut attrs = Attrs::from_unsorted(all).with_span(Some(span));
        attrs.open = open;
        Ok(Value::attrs(attrs))
    }

    /// `rec { __overrides = { ... }; ... }` (an old Nix feature, still in current Nix): the
    /// set `__overrides` is forced when the set is made, and its attributes replace the
    /// set's own, in the set and in its scope, or are added to it.
    fn apply_overrides(
        &mut self,
        def: &AttrsDef,
        set_env: &Rc<Env>,
        entries: &mut Vec<Attr>,
    ) -> EvalResult<()> {
        let Ok(at) = entries.binary_search_by(|a| (*a.name).cmp("__overrides")) else {
            return Ok(());
        };
        let overrides = match self.force(&entries[at].value.clone())? {
            Value::Attrs(a) => a,
            Value::Unknown(u) => return Err(unknown_operand(&u)),
            other => return Err(print_error::expected(self, &other, "a set")),
        };
        for attr in overrides.iter() {
            match entries.binary_search_by(|a| a.name.cmp(&attr.name)) {
                Ok(i) => {
                    let own = def.statics.iter().find(|s| s.name == attr.name);
                    if let Some(AttrValue::Slot(slot)) = own.map(|s| &s.value) {
                        set_env.set_slot(*slot, attr.value.clone());
                    }
                    entries[i].value = attr.value.clone();
                }
                Err(i) => entries.insert(i, attr.clone()),
            }
        }
        Ok(())
    }

    /// Calls a function value with one argument.
    pub(crate) fn call(&mut self, f: &Value, arg: Thunk, span: Span) -> EvalResult<Value> {
        self.enter(span)?;
        let result = stacker::maybe_grow(RED_ZONE, SEGMENT, || self.call_inner(f, arg, span));
        self.depth -= 1;
        result
    }

    fn call_inner(&mut self, f: &Value, arg: Thunk, span: Span) -> EvalResult<Value> {
        match f {
            Value::Lambda(closure) => self.call_lambda(closure, arg, span),
            Value::PrimOp(op) => {
                if op.arity <= 1 {
                    self.run_primop(op, &[arg], span)
                } else {
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op: op.clone(),
                        args: vec![arg],
                    })))
                }
            }
            Value::PrimOpApp(app) => {
                let mut args = app.args.clone();
                args.push(arg);
                if args.len() >= app.op.arity {
                    self.run_primop(&app.op, &args, span)
                } else {
                    Ok(Value::PrimOpApp(Rc::new(PrimOpApp {
                        op: app.op.clone(),
                        args,
                    })))
                }
            }
            Value::Attrs(attrs) if attrs.contains("__functor") => {
                let functor = attrs.get("__functor").cloned().expect("checked");
                let functor = self.force(&functor)?;
                let this = Thunk::value(f.clone());
                let partial = self.call(&functor, this, span)?;
                self.call(&partial, arg, span)
            }
            Value::Unknown(u) => Ok(Unknown::at(u.reason.clone(), span)),
            other => Err(EvalError::at(
                ErrorKind::NotAFunction,
                format!(
                    "attempt to call something which is not a function but {}: {}",
                    other.show_type(),
                    print_error::show(self, other)
                ),
                span,
            )),
        }
    }

    /// Calls `f` with several arguments in turn.
    pub(crate) fn call_many(&mut self, f: &Value, args: &[Thunk], span: Span) -> EvalResult<Value> {
        let mut f = f.clone();
        for arg in args {
            f = self.call(&f, arg.clone(), span)?;
        }
        Ok(f)
    }

    #[inline(never)]
    fn run_primop(&mut self, op: &Rc<PrimOp>, args: &[Thunk], span: Span) -> EvalResult<Value> {
        let func = op.func.clone();
        func(self, args, span)
            .or_else(|err| unknown_from_error(err, span))
            .map_err(|err| locate(err, span))
    }

    #[inline(never)]
    fn call_lambda(&mut self, closure: &Closure, arg: Thunk, span: Span) -> EvalResult<Value> {
        let def = &closure.def;
        let env = match &def.param {
            Param::Ident(_) => Env::slots(&closure.env, vec![arg]),
            Param::Formals {
                formals,
                ellipsis,
                bind,
            } => self.bind_formals(closure, formals, *ellipsis, bind.is_some(), arg, span)?,
        };
        self.eval(&def.body, &env).map_err(|mut err| {
            if err.trace.len() < MAX_TRACE {
                let what = match &def.name {
                    Some(name) => format!("while calling '{name}'"),
                    None => "while calling a function".to_string(),
                };
                err.trace.push((span, what));
            }
            err
        })
    }

    #[inline(never)]
    fn bind_formals(
        &mut self,
        closure: &Closure,
        formals: &[Formal],
        ellipsis: bool,
        bind: bool,
        arg: Thunk,
        span: Span,
    ) -> EvalResult<Rc<Env>> {
        let def = &closure.def;
        let attrs = match self.force(&arg).map_err(|err| locate(err, span))? {
            Value::Attrs(attrs) => attrs,
            Value::Unknown(u) => {
                // Which formals the real argument has is unknown: each one is.
                let env = Env::slots(&closure.env, Vec::with_capacity(formals.len() + 1));
                for _ in formals {
                    env.push_slot(Thunk::value(Value::unknown(u.reason.clone())));
                }
                if bind {
                    env.push_slot(arg);
                }
                return Ok(env);
            }
            other => return Err(locate(print_error::expected(self, &other, "a set"), span)),
        };
        let env = Env::slots(&closure.env, Vec::with_capacity(formals.len() + 1));
        let mut used_default = false;
        for f in formals {
            let t = match (attrs.get(&f.name), &f.default) {
                (Some(t), _) => t.clone(),
                (None, Some(default)) => {
                    used_default = true;
                    self.thunk_of(default, &env)
                }
                (None, None) => match &attrs.open {
                    Some(reason) => Thunk::value(Value::unknown(reason.clone())),
                    None => {
                        return Err(EvalError::at(
                            ErrorKind::MissingArg,
                            format!(
                                "{} called without required argument '{}'",
                                self.describe_lambda(def),
                                f.name
                            ),
                            span,
                        ))
                    }
                },
            };
            env.push_slot(t);
        }
        let matched = formals.iter().filter(|f| attrs.contains(&f.name)).count();
        if !ellipsis && attrs.len() > matched {
            for a in attrs.iter() {
                if !formals.iter().any(|f| f.name == a.name) {
                    return Err(EvalError::at(
                        ErrorKind::UnexpectedArg,
                        format!(
                            "{} called with unexpected argument '{}'",
                            self.describe_lambda(def),
                            a.name
                        ),
                        span,
                    ));
                }
            }
        }
        if bind {
            env.push_slot(arg);
        }
        if used_default {
            self.keep_env(&env);
        }
        Ok(env)
    }

    /// `'f' at file:line:col` or `anonymous function at file:line:col`, as Nix says.
    pub(crate) fn describe_lambda(&self, def: &LambdaDef) -> String {
        let (line, col) = self.line_column(def.span);
        let path = self.file_path(def.span.file).display().to_string();
        match &def.name {
            Some(name) => format!("'{name}' at {path}:{line}:{col}"),
            None => format!("anonymous function at {path}:{line}:{col}"),
        }
    }
}

/// Builtins signal "an argument was unknown" with an error of kind `Unknown`-reason; it
/// becomes an unknown value at the builtin's boundary.
pub(crate) fn unknown_from_error(err: Box<EvalError>, span: Span) -> EvalResult<Value> {
    if let Some(reason) = err.message.strip_prefix(UNKNOWN_MARK) {
        if err.kind == ErrorKind::Other {
            return Ok(Unknown::at(reason, span));
        }
    }
    Err(err)
}

/// Prefix of the internal error that carries an unknown out of a builtin.
pub(crate) const UNKNOWN_MARK: &str = "\u{0}unknown:";

/// The internal error raised when a builtin or operator meets an unknown operand.
pub(crate) fn unknown_operand(u: &Unknown) -> Box<EvalError> {
    let mut e = EvalError::new(ErrorKind::Other, format!("{UNKNOWN_MARK}{}", u.reason));
    e.involves_unknown = true;
    e
}
