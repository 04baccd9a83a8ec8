//! The concrete salsa database: the one type that implements every crate's query trait.
//!
//! Like rust-analyzer's `RootDatabase`, it lives at the top so that each lower crate names
//! only its own trait (`qg_syntax::Db`, `qg_nixos::Db`, `qg_checks::Db`) and never the
//! database the front ends hold.

/// Receives salsa's events (which queries run); tests use it to prove incrementality.
pub type EventSink = Box<dyn Fn(salsa::Event) + Send + Sync + 'static>;

#[salsa::db]
#[derive(Clone, Default)]
pub struct RootDatabase {
    storage: salsa::Storage<Self>,
}

impl RootDatabase {
    pub fn with_event_sink(sink: EventSink) -> RootDatabase {
        RootDatabase {
            storage: salsa::Storage::new(Some(sink)),
        }
    }
}

#[salsa::db]
impl salsa::Database for RootDatabase {}

#[salsa::db]
impl qg_syntax::Db for RootDatabase {}

#[salsa::db]
impl qg_nixos::Db for RootDatabase {}

#[salsa::db]
impl qg_checks::Db for RootDatabase {}

#[salsa::db]
impl crate::Db for RootDatabase {}
