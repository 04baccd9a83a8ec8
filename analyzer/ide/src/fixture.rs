//! Inline test fixtures: Nix text with a `$0` cursor, optionally several files.
//!
//! ```text
//! //- flake.nix
//! { outputs = _: import ./hosts; }
//! //- hosts/default.nix
//! { }$0
//! ```
//! A text without `//- ` lines is one file, `test.nix`.

use std::sync::Arc;

use rowan::TextSize;
use salsa::Setter;

use qg_syntax::{SourceFile, Workspace};

use crate::{FilePosition, RootDatabase};

pub(crate) const CURSOR: &str = "$0";

pub(crate) struct Fixture {
    pub db: RootDatabase,
    pub workspace: Workspace,
    /// Where `$0` was (the first file when there is none).
    pub position: FilePosition,
}

impl Fixture {
    pub(crate) fn new(text: &str) -> Fixture {
        let mut files: Vec<(String, String)> = Vec::new();
        if text.trim_start().starts_with("//- ") {
            for chunk in text.trim_start().split("//- ").skip(1) {
                let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
                files.push((path.trim().to_string(), body.to_string()));
            }
        } else {
            files.push(("test.nix".to_string(), text.to_string()));
        }
        files.sort();
        let mut db = RootDatabase::default();
        let workspace =
            Workspace::new(&db, "/flake".into(), Vec::new(), Arc::default(), Vec::new());
        let mut sources = Vec::new();
        let mut position = None;
        for (path, body) in files {
            let (body, cursor) = match body.find(CURSOR) {
                Some(at) => (body.replacen(CURSOR, "", 1), Some(at)),
                None => (body, None),
            };
            let file = SourceFile::new(&db, path.into(), body.into());
            if let Some(at) = cursor {
                position = Some(FilePosition {
                    file,
                    offset: TextSize::from(at as u32),
                });
            }
            sources.push(file);
        }
        let first = sources[0];
        workspace.set_files(&mut db).to(sources);
        Fixture {
            db,
            workspace,
            position: position.unwrap_or(FilePosition {
                file: first,
                offset: TextSize::from(0),
            }),
        }
    }

    pub(crate) fn text(&self) -> Arc<str> {
        self.position.file.text(&self.db).clone()
    }

    /// The text with `$0` at `offset`, or `[`/`]` around a range, for readable snapshots.
    pub(crate) fn mark(&self, ranges: &[rowan::TextRange]) -> String {
        let text = self.text();
        let mut marks: Vec<(usize, &str)> = Vec::new();
        for range in ranges {
            marks.push((range.start().into(), "["));
            marks.push((range.end().into(), "]"));
        }
        marks.sort_by_key(|(at, mark)| (std::cmp::Reverse(*at), *mark == "["));
        let mut out = text.to_string();
        for (at, mark) in marks {
            out.insert_str(at, mark);
        }
        out
    }
}
