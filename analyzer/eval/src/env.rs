//! Runtime environments: the variables in scope while an expression is evaluated.
//!
//! The compiler resolves every variable to "n environments up, slot i" (or to a `with` or a
//! global), so a lookup is a short walk up the parent chain with no name comparison.

use std::cell::RefCell;
use std::rc::Rc;

use super::thunk::Thunk;

pub(crate) enum EnvKind {
    /// `let`, `rec { }`, a lambda's parameters, a file's root.
    Slots(RefCell<Vec<Thunk>>),
    /// `with e;`: the attribute set `e`, forced only when a name is looked up in it.
    With(Thunk),
}

pub(crate) struct Env {
    pub parent: Option<Rc<Env>>,
    pub kind: EnvKind,
}

impl Env {
    pub(crate) fn root() -> Rc<Env> {
        Rc::new(Env {
            parent: None,
            kind: EnvKind::Slots(RefCell::new(Vec::new())),
        })
    }

    pub(crate) fn slots(parent: &Rc<Env>, slots: Vec<Thunk>) -> Rc<Env> {
        Rc::new(Env {
            parent: Some(parent.clone()),
            kind: EnvKind::Slots(RefCell::new(slots)),
        })
    }

    pub(crate) fn with(parent: &Rc<Env>, scope: Thunk) -> Rc<Env> {
        Rc::new(Env {
            parent: Some(parent.clone()),
            kind: EnvKind::With(scope),
        })
    }

    /// The environment `up` levels above this one.
    pub(crate) fn ancestor(self: &Rc<Env>, up: u32) -> Option<&Rc<Env>> {
        let mut env = self;
        for _ in 0..up {
            env = env.parent.as_ref()?;
        }
        Some(env)
    }

    /// Slot `index` of this environment.
    pub(crate) fn slot(&self, index: u32) -> Option<Thunk> {
        match &self.kind {
            EnvKind::Slots(slots) => slots.borrow().get(index as usize).cloned(),
            EnvKind::With(_) => None,
        }
    }

    pub(crate) fn push_slot(&self, thunk: Thunk) {
        if let EnvKind::Slots(slots) = &self.kind {
            slots.borrow_mut().push(thunk);
        }
    }

    /// Replaces slot `index` (a recursive set's `__overrides`).
    pub(crate) fn set_slot(&self, index: u32, thunk: Thunk) {
        if let EnvKind::Slots(slots) = &self.kind {
            if let Some(slot) = slots.borrow_mut().get_mut(index as usize) {
                *slot = thunk;
            }
        }
    }

    /// Breaks the reference cycles a recursive scope makes (its thunks hold the scope, and
    /// values in them may hold each other's thunks directly: each thunk is emptied too).
    pub(crate) fn clear(&self) {
        if let EnvKind::Slots(slots) = &self.kind {
            let drained: Vec<Thunk> = slots.borrow_mut().drain(..).collect();
            for thunk in drained {
                thunk.clear();
            }
        }
    }
}
