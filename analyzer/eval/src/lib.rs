//! qg-eval: a lazy Nix evaluator made for analysis: values with provenance, unknowns, limits.
//!
//! Map of the crate (in data-flow order):
//! - [`loader`]: where files come from: a [`SourceLoader`] (the database's parses for a
//!   flake's files, in `qg-nixos` and `qg-ide`; [`DiskLoader`] otherwise); the evaluator
//!   never reads outside its root.
//! - [`compile`] (with [`strings`] and [`path`]): rnix tree → [`ir`], the evaluator's own
//!   expression tree with resolved variables.
//! - [`eval`] (with [`env`], [`thunk`], [`ops`]): the interpreter; laziness through thunks that
//!   are black-holed while forced (infinite recursion is an error, not a stack overflow).
//! - [`builtins`]: every pure builtin of Nix 2.x; impure ones give unknowns.
//! - [`value`]: values; [`error`]: Nix-style errors; [`print`]: `nix-instantiate --eval
//!   --strict` output; [`print_error`]: values in messages (`expected a set but found an
//!   integer: 1`); [`instantiate`]: `--arg`, `-A` and the printers of
//!   `nix-instantiate`; [`store`]: store paths of copied sources, computed as Nix does.
//!
//! Unknown values ([`Value::Unknown`]) stand for what a static analysis cannot know (flake
//! inputs, `pkgs`, `currentSystem`, `<nixpkgs>`...). Operations on unknowns give unknowns,
//! and strings keep their known parts around unknown ones.
//!
//! Values hold reference cycles through recursive scopes; the evaluator breaks them when it
//! is dropped, so values must not be forced after their evaluator is gone.
//!
//! This crate knows no flake and no database: files come only through the loader.

#![deny(unreachable_pub)]

mod builtins;
mod compile;
mod env;
mod error;
#[allow(clippy::module_inception)]
mod eval;
mod instantiate;
mod ir;
mod loader;
mod ops;
mod path;
mod print;
mod print_error;
mod show;
mod store;
mod strings;
mod thunk;
mod value;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

pub use builtins::{Fetched, NIX_VERSION};
pub use error::{ErrorKind, EvalError, EvalResult};
pub use instantiate::AutoCall;
pub use loader::{DiskLoader, FileKind, LoadedSource, SourceLoader};
pub use print::{attr_name, print_scalar, quote_string};
pub use store::{nar_sha256, sha256_from_sri, sha256_to_sri, source_store_path};
pub use thunk::Thunk;
pub use value::{
    Attr, Attrs, FileId, List, NixString, PrimOp, Shape, Span, StrPart, Sym, Unknown, Value,
};

use env::Env;
use ir::ExprRef;

/// Limits of one evaluation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Evaluation steps (expressions evaluated and calls made) before giving up.
    pub max_steps: u64,
    /// Nested evaluations before giving up (the interpreter's recursion depth).
    pub max_depth: usize,
    /// What `builtins.currentSystem` and `builtins.currentTime` are.
    pub impure_builtins: ImpureBuiltins,
    /// `--option abort-on-warn true`: `builtins.warn` aborts after printing its warning.
    pub abort_on_warn: bool,
}

/// The builtins that only impure evaluation has (`currentSystem`, `currentTime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpureBuiltins {
    /// Present, as unknowns: a fleet's host may be evaluated with `--impure`, so code that
    /// reads them must not turn into a false error.
    Unknown,
    /// Absent from `builtins`, as in pure evaluation (`nix build` of a flake, `nix eval`):
    /// `builtins ? currentSystem` is `false`.
    Absent,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_steps: 200_000_000,
            max_depth: 1_000_000,
            impure_builtins: ImpureBuiltins::Unknown,
            abort_on_warn: false,
        }
    }
}

struct LoadedFile {
    path: PathBuf,
    text: Arc<str>,
}

/// Receives `builtins.trace` messages.
type TraceSink<'a> = Box<dyn FnMut(&str) + 'a>;

/// One evaluation: the files it loaded, the imports it cached, its limits.
pub struct Evaluator<'a> {
    loader: &'a dyn SourceLoader,
    root: String,
    /// Other folders that may be read: the store paths of locked inputs on disk.
    readable: Vec<String>,
    options: Options,
    files: Vec<LoadedFile>,
    file_ids: HashMap<PathBuf, FileId>,
    /// `import` of the same file is evaluated once.
    imports: HashMap<PathBuf, Thunk>,
    store_paths: HashMap<String, Value>,
    /// Files this evaluation wrote to the store (`builtins.toFile`): `import` and
    /// `readFile` of their paths read these texts.
    written: HashMap<String, Arc<str>>,
    /// Derivations this evaluation computed, by `.drv` path.
    derivations: HashMap<String, builtins::DrvRecord>,
    /// Nix's `derivation` wrapper around `derivationStrict`, compiled once.
    derivation_wrapper: Option<Value>,
    globals: Rc<HashMap<Sym, Value>>,
    steps: u64,
    depth: usize,
    cyclic_envs: Vec<Rc<Env>>,
    trace_sink: Option<TraceSink<'a>>,
    /// The pinned fetches made so far (`builtins/fetch.rs`), each store path once.
    fetches: Vec<Fetched>,
    /// Values `import` gives for these paths without reading them (`provide_import`).
    provided: HashMap<String, Thunk>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator reading through `loader`, allowed to read only under `root`.
    pub fn new(loader: &'a dyn SourceLoader, root: &Path, options: Options) -> Evaluator<'a> {
        let root = path::canonicalize(&root.to_string_lossy(), "/");
        let mut ev = Evaluator {
            loader,
            root,
            readable: Vec::new(),
            options,
            files: Vec::new(),
            file_ids: HashMap::new(),
            imports: HashMap::new(),
            store_paths: HashMap::new(),
            written: HashMap::new(),
            derivations: HashMap::new(),
            derivation_wrapper: None,
            globals: Rc::new(HashMap::new()),
            steps: 0,
            depth: 0,
            cyclic_envs: Vec::new(),
            trace_sink: None,
            fetches: Vec::new(),
            provided: HashMap::new(),
        };
        ev.register_file(PathBuf::from("«qg»"), "".into());
        ev.globals = Rc::new(builtins::globals(&ev.options));
        ev
    }

    /// Where `builtins.trace` messages go (they are dropped by default).
    pub fn set_trace_sink(&mut self, sink: impl FnMut(&str) + 'a) {
        self.trace_sink = Some(Box::new(sink));
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Evaluates a file (as `import` does: once per evaluation) to weak head normal form.
    pub fn eval_file(&mut self, path: &Path) -> EvalResult<Value> {
        let abs = path::canonicalize(&path.to_string_lossy(), &current_dir());
        let span = self.no_span();
        self.import(&abs, span)
    }

    /// Evaluates Nix text as if it were the file `path` (relative paths resolve against it).
    pub fn eval_text(&mut self, path: &Path, text: &str) -> EvalResult<Value> {
        let abs = path::canonicalize(&path.to_string_lossy(), &current_dir());
        let source = LoadedSource {
            parse: qg_syntax::parse_text(text),
            text: text.into(),
        };
        let expr = self.compile_source(Path::new(&abs), source, Vec::new())?;
        let env = Env::root();
        self.eval(&expr, &env)
    }

    /// The path of a loaded file.
    pub fn file_path(&self, file: FileId) -> &Path {
        self.files
            .get(file.0 as usize)
            .map_or(Path::new("«unknown file»"), |f| f.path.as_path())
    }

    /// The text of a loaded file.
    pub fn file_text(&self, file: FileId) -> &str {
        self.files.get(file.0 as usize).map_or("", |f| &f.text)
    }

    /// 1-based line and column of the start of a span.
    pub fn line_column(&self, span: Span) -> (usize, usize) {
        compile::line_column(self.file_text(span.file), span.range.start().into())
    }

    /// `file:line:col` of a span, for messages.
    pub fn describe_span(&self, span: Span) -> String {
        self.position_in(self.file_path(span.file), span)
    }

    /// A position as Nix writes it in messages: `file:line:col`, with `«string»` for the
    /// text of an expression (`-E`).
    pub(crate) fn nix_position(&self, span: Span) -> String {
        // The text of an expression is loaded as `<cwd>/«string»` (so that its relative
        // paths resolve), but Nix names it without a folder.
        let string = Path::new("«string»");
        let path = self.file_path(span.file);
        let shown = match path.file_name() {
            Some(name) if name == string.as_os_str() => string,
            _ => path,
        };
        self.position_in(shown, span)
    }

    /// `path:line:col` of the start of a span, with the path as given.
    fn position_in(&self, path: &Path, span: Span) -> String {
        let (line, col) = self.line_column(span);
        format!("{}:{line}:{col}", path.display())
    }

    /// The span as the rest of qg locates things (a path relative to the root), for
    /// diagnostics; `None` for values made by Rust code or files outside the root.
    pub fn diagnostic_span(&self, span: Span) -> Option<qg_syntax::Span> {
        let path = self.file_path(span.file).to_str()?;
        let rel = path.strip_prefix(&self.root)?.strip_prefix('/')?;
        Some(qg_syntax::Span {
            file: rel.into(),
            range: span.range,
        })
    }

    /// The span given to values made by Rust code.
    pub fn no_span(&self) -> Span {
        Span::synthetic()
    }

    /// Calls a function value (lambda, builtin, functor set) with an argument.
    pub fn call_function(&mut self, f: &Value, arg: Value) -> EvalResult<Value> {
        let span = self.no_span();
        self.call(f, Thunk::value(arg), span)
    }

    /// Selects `path` in a value (forcing along the way); a missing attribute is an error.
    pub fn select(&mut self, value: &Value, path: &[&str]) -> EvalResult<Value> {
        let mut v = value.clone();
        for name in path {
            v = match &v {
                Value::Attrs(attrs) => match attrs.get(name) {
                    Some(t) => self.force(&t.clone())?,
                    None if attrs.open.is_some() => {
                        Value::unknown(attrs.open.clone().expect("checked"))
                    }
                    None => {
                        return Err(EvalError::new(
                            ErrorKind::MissingAttr,
                            format!("attribute '{name}' missing"),
                        ))
                    }
                },
                Value::Unknown(_) => return Ok(v.clone()),
                other => return Err(print_error::expected(self, other, "a set")),
            };
        }
        Ok(v)
    }

    /// Forces a value and everything inside it (attribute values, list elements), as
    /// `--strict` does; functions are not called. Shared or cyclic parts are visited once.
    pub fn deep_force(&mut self, value: &Value) -> EvalResult<()> {
        let mut seen = std::collections::HashSet::new();
        self.deep_force_inner(value, &mut seen)
    }

    fn deep_force_inner(
        &mut self,
        value: &Value,
        seen: &mut std::collections::HashSet<usize>,
    ) -> EvalResult<()> {
        self.descend(|this| {
            // The containers are immutable and outlive the loop: no need to copy members.
            match value {
                Value::Attrs(attrs) => {
                    if !seen.insert(Rc::as_ptr(attrs) as *const u8 as usize) {
                        return Ok(());
                    }
                    for a in attrs.iter() {
                        this.deep_force_member(&a.value, seen)?;
                    }
                }
                Value::List(list) => {
                    if !seen.insert(Rc::as_ptr(&list.0) as *const u8 as usize) {
                        return Ok(());
                    }
                    for item in list.iter() {
                        this.deep_force_member(item, seen)?;
                    }
                }
                _ => {}
            }
            Ok(())
        })
    }

    fn deep_force_member(
        &mut self,
        child: &Thunk,
        seen: &mut std::collections::HashSet<usize>,
    ) -> EvalResult<()> {
        let v = self.force(child).map_err(|e| match child.span() {
            Some(span) => error::locate(e, span),
            None => e,
        })?;
        self.deep_force_inner(&v, seen)
    }

    /// The value printed as `nix-instantiate --eval --strict` prints it (after forcing it
    /// deeply).
    pub fn print_strict(&mut self, value: &Value) -> EvalResult<String> {
        self.deep_force(value)?;
        Ok(print::print_value(value))
    }

    /// Calls a top-level function the way `qg-check eval` does: a function with formals of
    /// which some have no default, or with `...` (a NixOS module), is called with an unknown
    /// for each required formal (`pkgs` → «unknown: pkgs») in a set whose other attributes
    /// are unknown too. Anything else (`x: ...`, `{ a ? 1 }: ...`) is returned as is, as
    /// `nix-instantiate` prints it.
    pub fn auto_call(&mut self, value: Value) -> EvalResult<Value> {
        let Value::Lambda(closure) = &value else {
            return Ok(value);
        };
        let ir::Param::Formals {
            formals, ellipsis, ..
        } = &closure.def.param
        else {
            return Ok(value);
        };
        if !*ellipsis && formals.iter().all(|f| f.default.is_some()) {
            return Ok(value);
        }
        let args: Vec<Attr> = formals
            .iter()
            .filter(|f| f.default.is_none())
            .map(|f| Attr {
                name: f.name.clone(),
                value: Thunk::value(Value::unknown(f.name.clone())),
                key_span: None,
            })
            .collect();
        let mut args = Attrs::from_unsorted(args);
        args.open = Some("module argument".into());
        self.call_function(&value, Value::attrs(args))
    }

    /// The `builtins` set.
    pub fn builtins(&self) -> Value {
        self.globals.get("builtins").cloned().unwrap_or(Value::Null)
    }

    fn register_file(&mut self, path: PathBuf, text: Arc<str>) -> FileId {
        if let Some(id) = self.file_ids.get(&path) {
            if self.files[id.0 as usize].text == text {
                return *id;
            }
        }
        let id = FileId(self.files.len() as u32);
        self.files.push(LoadedFile {
            path: path.clone(),
            text,
        });
        self.file_ids.insert(path, id);
        id
    }

    /// Allows reads below `folder` too (a locked input's store path: its files come
    /// through the loader like the root's).
    pub fn allow_reads_below(&mut self, folder: &str) {
        let folder = path::canonicalize(folder, "/");
        if !self.readable.contains(&folder) {
            self.readable.push(folder);
        }
    }

    /// Whether a canonical absolute path lies inside the evaluation root, or below a
    /// folder [`Evaluator::allow_reads_below`] allowed.
    pub fn inside_root(&self, path: &str) -> bool {
        let below = |root: &str| {
            root == "/"
                || path == root
                || path
                    .strip_prefix(root)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        below(&self.root) || self.readable.iter().any(|r| below(r))
    }

    /// The pinned fetches this evaluation made: which store paths were read, which missing.
    pub fn fetches(&self) -> &[Fetched] {
        &self.fetches
    }

    pub(crate) fn record_fetch(&mut self, fetched: Fetched) {
        if !self
            .fetches
            .iter()
            .any(|f| f.store_path == fetched.store_path)
        {
            self.fetches.push(fetched);
        }
    }

    pub fn loader(&self) -> &'a dyn SourceLoader {
        self.loader
    }

    /// Makes `import path` (and `import path/default.nix`) give `value` without reading a
    /// file: a tree that stands for an absent fetched source (the loader's
    /// [`SourceLoader::fetched_stand_in`]) is made of such values.
    /// Such a tree lies outside the root: every other read below it is unknown.
    pub fn provide_import(&mut self, path: &str, value: Thunk) {
        let path = path::canonicalize(path, "/");
        self.provided
            .insert(format!("{path}/default.nix"), value.clone());
        self.provided.insert(path, value);
    }

    /// The file an import of `path` reads: a symlink means its target (Nix resolves the
    /// symlinks of a flake's source when it imports: a host directory may link to
    /// another), a directory means its `default.nix`.
    fn import_file(&self, path: &str) -> PathBuf {
        /// Nix's own bound on symlinks followed in one path.
        const MAX_SYMLINK_HOPS: usize = 40;
        let mut path = path.to_string();
        for _ in 0..MAX_SYMLINK_HOPS {
            let Some(FileKind::Symlink { target }) = self.loader.kind(Path::new(&path)) else {
                break;
            };
            let resolved = path::canonicalize(&target, &path::dir_of(&path));
            if !self.inside_root(&resolved) {
                break;
            }
            path = resolved;
        }
        let mut file = PathBuf::from(path);
        if self.loader.kind(&file) == Some(FileKind::Directory) {
            file.push("default.nix");
        }
        file
    }

    fn load_source(&self, file: &Path, span: Span) -> EvalResult<LoadedSource> {
        self.loader.load(file).ok_or_else(|| {
            EvalError::at(
                ErrorKind::Other,
                format!("path '{}' does not exist", file.display()),
                span,
            )
        })
    }

    /// `import path`: evaluated once per evaluation; a directory means its `default.nix`.
    pub fn import(&mut self, path: &str, span: Span) -> EvalResult<Value> {
        if let Some(t) = self.provided.get(path).cloned() {
            return self.force(&t);
        }
        if let Some(text) = self.written.get(path).cloned() {
            return self.import_written(path, text);
        }
        if !self.inside_root(path) {
            return Ok(Value::unknown(format!(
                "import of {path}, outside the root"
            )));
        }
        let file = self.import_file(path);
        if let Some(t) = self.imports.get(&file) {
            let t = t.clone();
            return self.force(&t);
        }
        let source = self.load_source(&file, span)?;
        let expr = self.compile_source(&file, source, Vec::new())?;
        let thunk = Thunk::expr(expr, Env::root());
        self.imports.insert(file, thunk.clone());
        self.force(&thunk)
    }

    /// `import` of a file `builtins.toFile` wrote (evaluated once, as any import).
    fn import_written(&mut self, path: &str, text: Arc<str>) -> EvalResult<Value> {
        let file = PathBuf::from(path);
        if let Some(t) = self.imports.get(&file) {
            let t = t.clone();
            return self.force(&t);
        }
        let source = LoadedSource {
            parse: qg_syntax::parse_text(&text),
            text,
        };
        let expr = self.compile_source(&file, source, Vec::new())?;
        let thunk = Thunk::expr(expr, Env::root());
        self.imports.insert(file, thunk.clone());
        self.force(&thunk)
    }

    /// Nix's `derivation` function (Nix code around `derivationStrict`), compiled once.
    pub(crate) fn derivation_wrapper(&mut self) -> EvalResult<Value> {
        if let Some(f) = &self.derivation_wrapper {
            return Ok(f.clone());
        }
        let f = self.eval_text(
            Path::new("/«qg»/derivation.nix"),
            builtins::derivation_wrapper_source(),
        )?;
        self.derivation_wrapper = Some(f.clone());
        Ok(f)
    }

    /// What a derivation this evaluation computed leaves for its dependents.
    pub(crate) fn derivation_record(&self, drv_path: &str) -> Option<builtins::DrvRecord> {
        self.derivations.get(drv_path).cloned()
    }

    /// Records a computed derivation; its `.drv` text can be read back as a file.
    pub(crate) fn record_derivation(
        &mut self,
        drv_path: &str,
        record: builtins::DrvRecord,
        text: &str,
    ) {
        self.derivations.insert(drv_path.to_string(), record);
        self.written.insert(drv_path.to_string(), text.into());
    }

    /// Records a file `builtins.toFile` wrote.
    pub(crate) fn write_file(&mut self, store_path: &str, text: &str) {
        self.written.insert(store_path.to_string(), text.into());
    }

    /// The text of a file `builtins.toFile` wrote, if `path` is one.
    pub(crate) fn written_file(&self, path: &str) -> Option<Arc<str>> {
        self.written.get(path).cloned()
    }

    /// `scopedImport scope path`: not cached, the scope's names shadow the globals.
    pub(crate) fn scoped_import(
        &mut self,
        scope: &Attrs,
        path: &str,
        span: Span,
    ) -> EvalResult<Value> {
        if !self.inside_root(path) {
            return Ok(Value::unknown(format!(
                "import of {path}, outside the root"
            )));
        }
        let file = self.import_file(path);
        let source = self.load_source(&file, span)?;
        let names: Vec<Sym> = scope.iter().map(|a| a.name.clone()).collect();
        let expr = self.compile_source(&file, source, names)?;
        let env = Env::root();
        for a in scope.iter() {
            env.push_slot(a.value.clone());
        }
        self.eval(&expr, &env)
    }

    fn compile_source(
        &mut self,
        file: &Path,
        source: LoadedSource,
        outer_names: Vec<Sym>,
    ) -> EvalResult<ExprRef> {
        let id = self.register_file(file.to_path_buf(), source.text.clone());
        if let Some(err) = source.parse.errors.first() {
            return Err(EvalError::at(
                ErrorKind::Other,
                format!("syntax error, {}", err.message),
                Span {
                    file: id,
                    range: err.range,
                },
            ));
        }
        let path_str = file.to_string_lossy().into_owned();
        let dir = path::dir_of(&path_str);
        let src = compile::Source {
            file: id,
            path: &path_str,
            dir: &dir,
            text: &source.text,
        };
        let root = source.parse.root();
        let globals = self.globals.clone();
        stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || {
            compile::compile_file(src, &root, &globals, outer_names)
        })
    }

    pub(crate) fn emit_trace(&mut self, message: &str) {
        if let Some(sink) = &mut self.trace_sink {
            sink(message);
        }
    }
}

impl Drop for Evaluator<'_> {
    fn drop(&mut self) {
        // Recursive scopes reference themselves through their thunks; emptying them frees
        // everything the evaluation made.
        for env in self.cyclic_envs.drain(..) {
            env.clear();
        }
        if let Some(Value::Attrs(builtins)) = self.globals.get("builtins") {
            if let Some(itself) = builtins.get("builtins") {
                *itself.0.state.borrow_mut() = thunk::ThunkState::Done(Value::Null);
            }
        }
        for (_, t) in self.imports.drain() {
            *t.0.state.borrow_mut() = thunk::ThunkState::Done(Value::Null);
        }
    }
}

fn current_dir() -> String {
    std::env::current_dir()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".to_string())
}
