//! A memoised computation that may fail and may need itself (infinite recursion).

use std::cell::RefCell;
use std::rc::Rc;

use qg_eval::{ErrorKind, EvalError, EvalResult};

enum State<T> {
    Pending,
    Running,
    Done(Rc<T>),
}

/// Computed once on first use. A failure leaves it pending (like a thunk, a later use tries
/// again); using it while it is being computed is infinite recursion.
pub(crate) struct Lazy<T> {
    state: RefCell<State<T>>,
}

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Lazy {
            state: RefCell::new(State::Pending),
        }
    }
}

impl<T> Lazy<T> {
    pub(crate) fn get_or_try(&self, compute: impl FnOnce() -> EvalResult<T>) -> EvalResult<Rc<T>> {
        {
            let mut state = self.state.borrow_mut();
            match &*state {
                State::Done(v) => return Ok(v.clone()),
                State::Running => {
                    return Err(EvalError::new(
                        ErrorKind::InfiniteRecursion,
                        "infinite recursion encountered",
                    ))
                }
                State::Pending => *state = State::Running,
            }
        }
        let result = compute();
        let mut state = self.state.borrow_mut();
        match result {
            Ok(v) => {
                let v = Rc::new(v);
                *state = State::Done(v.clone());
                Ok(v)
            }
            Err(e) => {
                *state = State::Pending;
                Err(e)
            }
        }
    }

    /// The value if computed.
    pub(crate) fn peek(&self) -> Option<Rc<T>> {
        match &*self.state.borrow() {
            State::Done(v) => Some(v.clone()),
            _ => None,
        }
    }
}
