//! Thunks: lazily evaluated, memoised values.
//!
//! A thunk starts as an expression with its environment (or a deferred native computation,
//! e.g. one element of `map f xs`), is black-holed while it is being forced (so a value that
//! needs itself is reported as infinite recursion instead of overflowing the stack) and ends
//! holding its value. If forcing fails, the thunk goes back to its first state, as in Nix: a
//! later `tryEval` may force it again.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use super::env::Env;
use super::error::EvalResult;
use super::ir::ExprRef;
use super::value::{Span, Value};
use super::Evaluator;

/// A deferred native computation (an element of `map`, a value of `mapAttrs`...).
pub(crate) type Deferred = Rc<dyn Fn(&mut Evaluator<'_>) -> EvalResult<Value>>;

pub(crate) enum ThunkState {
    Done(Value),
    Expr(ExprRef, Rc<Env>),
    /// `f a1 a2 ...` applied when forced.
    Apply(Value, Vec<Thunk>, Span),
    Native(Deferred, Span),
    /// Being forced right now.
    Blackhole,
}

pub(crate) struct ThunkCell {
    pub state: RefCell<ThunkState>,
    /// The source that makes the value (its provenance), when it comes from source text.
    pub span: Option<Span>,
}

/// A shared, memoised, possibly unevaluated value. Its identity (the allocation) is what Nix
/// calls the value's slot; printing uses it to spot values reached twice.
#[derive(Clone)]
pub struct Thunk(pub(crate) Rc<ThunkCell>);

fn cell(state: ThunkState, span: Option<Span>) -> Thunk {
    Thunk(Rc::new(ThunkCell {
        state: RefCell::new(state),
        span,
    }))
}

impl Thunk {
    pub fn value(v: Value) -> Thunk {
        cell(ThunkState::Done(v), None)
    }

    /// An evaluated value made by the source text at `span`.
    pub fn value_at(v: Value, span: Span) -> Thunk {
        cell(ThunkState::Done(v), Some(span))
    }

    pub(crate) fn expr(e: ExprRef, env: Rc<Env>) -> Thunk {
        let span = Some(e.span);
        cell(ThunkState::Expr(e, env), span)
    }

    /// `f args...`, applied lazily.
    pub fn apply(f: Value, args: Vec<Thunk>, span: Span) -> Thunk {
        cell(ThunkState::Apply(f, args, span), Some(span))
    }

    /// A native computation run when (and if) the value is needed.
    pub fn deferred(
        span: Span,
        f: impl Fn(&mut Evaluator<'_>) -> EvalResult<Value> + 'static,
    ) -> Thunk {
        cell(ThunkState::Native(Rc::new(f), span), Some(span))
    }

    /// The value if already computed.
    pub fn peek(&self) -> Option<Value> {
        match &*self.0.state.borrow() {
            ThunkState::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    pub fn is_evaluated(&self) -> bool {
        matches!(&*self.0.state.borrow(), ThunkState::Done(_))
    }

    /// Where the value comes from: the expression or call that makes it, if known.
    pub fn span(&self) -> Option<Span> {
        self.0.span
    }

    /// Forgets the value or the pending computation (the thunk becomes `null`), dropping
    /// what it held. Whoever builds values that refer to each other through native thunks
    /// (the module system's `config`) calls this when an evaluation ends, to break the
    /// reference cycles.
    pub fn clear(&self) {
        *self.0.state.borrow_mut() = ThunkState::Done(Value::Null);
    }

    /// An address identifying this slot (used for `«repeated»`).
    pub fn slot_id(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }
}

impl fmt::Debug for Thunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0.state.borrow() {
            ThunkState::Done(v) => write!(f, "{v:?}"),
            _ => write!(f, "<CODE>"),
        }
    }
}

/// Dropping a deeply nested value (a set inside a set inside a set... a hundred thousand
/// levels, easily built by a recursive function) would recurse as deeply in drop glue and
/// overflow the stack. Thunks are where every nesting passes through, so a thunk being
/// dropped hands its state to a queue that the outermost drop empties in a loop.
impl Drop for ThunkCell {
    fn drop(&mut self) {
        // Scalars hold nothing nested: no need to defer them.
        if let ThunkState::Done(
            Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::Path(_),
        )
        | ThunkState::Blackhole = self.state.get_mut()
        {
            return;
        }
        let state = std::mem::replace(self.state.get_mut(), ThunkState::Blackhole);
        thread_local! {
            static QUEUE: RefCell<Vec<ThunkState>> = const { RefCell::new(Vec::new()) };
            static DRAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        QUEUE.with(|q| q.borrow_mut().push(state));
        if DRAINING.with(|d| d.replace(true)) {
            return; // an outer drop is emptying the queue
        }
        while let Some(next) = QUEUE.with(|q| q.borrow_mut().pop()) {
            drop(next);
        }
        DRAINING.with(|d| d.set(false));
    }
}
