//! The on-disk index of the options a host declares (`$XDG_CACHE_HOME/qg/options/`), so
//! that `qg-check options`, hover and completion answer at once when nothing they depend
//! on changed since the index was written (the language server's next start, the next
//! `qg-check options`, the next edit of a file the host does not read).
//!
//! An entry holds one host's [`OptionInfo`] list as plain data (postcard, behind a magic
//! and a format version). It is found by a *slot* (the flake's root, the host, the nixpkgs
//! tree: one file each, overwritten, so the folder does not grow with every commit) and
//! used only when it matches what the evaluation reads, in two parts:
//! - its *key*: a hash of qg's build, the host's name, the configuration (`qg.toml`,
//!   overrides, `flake.lock`), the path of every file of the flake (what `readDir` and
//!   `pathExists` see), and each input on disk: its `narHash` when it comes from the store
//!   (immutable), else (an override folder, which is mutable) the name, size and
//!   modification time of every file below it;
//! - its *reads*: each flake file the evaluation read, with the SHA-256 of its text.
//!
//! So an entry answers exactly as an evaluation would, and an edit of a file the host does
//! not read keeps it (the salsa query that checks it depends on the files it read, not on
//! every file); anything else is a miss, and the evaluation runs and rewrites it.
//!
//! Writing is atomic (a temporary file in the same folder, then a rename), so the language
//! server and a pre-commit run writing the same entry at once leave one whole entry; a
//! reader sees the old or the new file, never a mix. An unreadable entry, or one of another
//! format version, is a miss.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use qg_syntax::Workspace;

use super::index::OptionInfo;
use crate::inputs::InputOrigin;
use crate::Db;

/// Bumped whenever the entry layout or what an [`OptionInfo`] means changes.
const FORMAT_VERSION: u32 = 2;
const MAGIC: &[u8; 4] = b"QGOI";

/// Where the index lives: set by the front ends (`--cache-dir`, `--no-cache`), else
/// `$QG_CACHE_DIR` (`off` or empty: no index), else `$XDG_CACHE_HOME/qg`, else
/// `~/.cache/qg`.
static SETTING: Mutex<Option<CacheSetting>> = Mutex::new(None);

#[derive(Debug, Clone, PartialEq, Eq)]
enum CacheSetting {
    Off,
    At(PathBuf),
}

/// Sets the index folder for this process (`None`: no index).
pub fn set_cache_dir(dir: Option<PathBuf>) {
    let setting = match dir {
        Some(d) => CacheSetting::At(d),
        None => CacheSetting::Off,
    };
    *SETTING.lock().unwrap_or_else(|e| e.into_inner()) = Some(setting);
}

/// The folder of the index, or `None` when it is off.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(setting) = SETTING.lock().unwrap_or_else(|e| e.into_inner()).clone() {
        return match setting {
            CacheSetting::Off => None,
            CacheSetting::At(d) => Some(d),
        };
    }
    if let Some(dir) = std::env::var_os("QG_CACHE_DIR") {
        if dir.is_empty() || dir == "off" {
            return None;
        }
        return Some(PathBuf::from(dir));
    }
    let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|d| Path::new(d).is_absolute());
    match xdg {
        Some(d) => Some(PathBuf::from(d).join("qg")),
        None => Some(PathBuf::from(std::env::var_os("HOME")?).join(".cache/qg")),
    }
}

/// Where an entry is and what it must match.
pub(crate) struct EntryKey {
    file: PathBuf,
    key: [u8; 32],
}

#[derive(Serialize, Deserialize)]
struct Entry {
    key: [u8; 32],
    /// Each flake file the evaluation read (flake-relative) and the SHA-256 of its text.
    reads: Vec<(String, [u8; 32])>,
    options: Vec<OptionInfo>,
}

/// The SHA-256 of a file's text, as an entry's reads record it.
pub(crate) fn text_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The entry of `host` for the flake as it is now, when the index is on and the flake has
/// an input on disk (without one, evaluating the flake's own options is quick).
pub(crate) fn entry_key(db: &dyn Db, workspace: Workspace, host: &str) -> Option<EntryKey> {
    let dir = cache_dir()?;
    let table = crate::input_table(db, workspace);
    let trees: Vec<_> = table
        .nodes
        .values()
        .filter_map(|n| Some((n, n.source.folder.as_ref()?)))
        .collect();
    if trees.is_empty() {
        return None;
    }
    let mut slot = Sha256::new();
    let mut key = Sha256::new();
    let root = workspace.root(db);
    for h in [&mut slot, &mut key] {
        field(h, root.as_os_str().as_encoded_bytes());
        field(h, host.as_bytes());
    }
    field(&mut key, build_id().as_bytes());
    field(&mut key, format!("{:?}", workspace.config(db)).as_bytes());
    for file in workspace.files(db) {
        field(&mut key, file.path(db).as_bytes());
    }
    for (node, folder) in trees {
        field(&mut slot, node.key.as_bytes());
        field(&mut slot, node.nar_hash.as_deref().unwrap_or("").as_bytes());
        field(&mut key, node.key.as_bytes());
        field(&mut key, node.out_path.as_deref().unwrap_or("").as_bytes());
        field(&mut key, folder.as_os_str().as_encoded_bytes());
        let immutable = matches!(
            node.source.origin,
            Some(InputOrigin::Store | InputOrigin::Registry | InputOrigin::NixPath)
        ) && node.nar_hash.is_some();
        if immutable {
            field(&mut key, node.nar_hash.as_deref().unwrap_or("").as_bytes());
        } else {
            folder_fingerprint(&mut key, folder);
        }
    }
    let name = hex(&slot.finalize());
    Some(EntryKey {
        file: dir.join("options").join(format!("{name}.bin")),
        key: key.finalize().into(),
    })
}

/// The options of the entry, when it is there, readable, of this format and for this key,
/// and every file it read still has the text it read (`text_of` gives a flake file's
/// current text hash, `None` when the file is gone).
pub(crate) fn read(
    entry: &EntryKey,
    text_of: impl Fn(&str) -> Option<[u8; 32]>,
) -> Option<Vec<OptionInfo>> {
    let bytes = std::fs::read(&entry.file).ok()?;
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (version, body) = body.split_at_checked(4)?;
    if u32::from_le_bytes(version.try_into().ok()?) != FORMAT_VERSION {
        return None;
    }
    let stored: Entry = postcard::from_bytes(body).ok()?;
    if stored.key != entry.key {
        return None;
    }
    let unchanged = stored
        .reads
        .iter()
        .all(|(path, hash)| text_of(path).as_ref() == Some(hash));
    unchanged.then_some(stored.options)
}

/// Writes the entry atomically; a failure (read-only home, full disk) only loses the
/// index. `reads` are the flake files the evaluation read, with their text hashes.
pub(crate) fn write(entry: &EntryKey, reads: Vec<(String, [u8; 32])>, options: &[OptionInfo]) {
    let _ = try_write(entry, reads, options);
}

fn try_write(
    entry: &EntryKey,
    reads: Vec<(String, [u8; 32])>,
    options: &[OptionInfo],
) -> std::io::Result<()> {
    let dir = entry.file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let stored = Entry {
        key: entry.key,
        reads,
        options: options.to_vec(),
    };
    let body = postcard::to_stdvec(&stored).map_err(std::io::Error::other)?;
    // Unique to this writer: the process, and a counter for its threads.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(
        ".{}.{}-{n}.tmp",
        entry
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("entry"),
        std::process::id()
    ));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(MAGIC)?;
        file.write_all(&FORMAT_VERSION.to_le_bytes())?;
        file.write_all(&body)?;
        // No fsync: the language server writes an entry after an edit, and a torn entry
        // (a crash before the data reaches the disk) fails to decode and is a miss.
        std::fs::rename(&temp, &entry.file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// This build of qg: an entry written by another build (whose evaluation may differ) is
/// a miss. The executable's path, size and modification time stand for it.
fn build_id() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().ok();
        let meta = exe.as_ref().and_then(|e| std::fs::metadata(e).ok());
        let mtime = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!(
            "{} {:?} {} {mtime}",
            env!("CARGO_PKG_VERSION"),
            exe,
            meta.map_or(0, |m| m.len())
        )
    })
    .clone()
}

/// Name, size and modification time of every file below `folder` (links not followed),
/// in a fixed order: what changes when a file of a mutable input changes.
fn folder_fingerprint(hasher: &mut Sha256, folder: &Path) {
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let Ok(meta) = e.path().symlink_metadata() else {
                continue;
            };
            let path = e.path();
            field(hasher, path.as_os_str().as_encoded_bytes());
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            field(hasher, &meta.len().to_le_bytes());
            field(hasher, &mtime.to_le_bytes());
        }
    }
}

/// A length-prefixed field, so that two fields never read as one.
fn field(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::index::OptionDefault;

    fn option(path: &str) -> OptionInfo {
        OptionInfo {
            path: path.split('.').map(String::from).collect(),
            type_description: "boolean".into(),
            description: Some("Whether.".into()),
            default_text: None,
            declared_at: None,
            default: OptionDefault::Value("false".into()),
            default_literal: None,
            example: None,
            declared_outside: Some(crate::modules::index::OutsideDeclaration {
                shown: "nixos/modules/a.nix".into(),
                disk: PathBuf::from("/nix/store/x-source/nixos/modules/a.nix"),
                range: qg_syntax::TextRange::new(4.into(), 9.into()),
                line: 2,
            }),
            declarations: vec!["nixos/modules/a.nix".into()],
            positions: Vec::new(),
            internal: false,
            visible: true,
            read_only: false,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("qg-decl-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn an_entry_reads_back_for_its_key_only() {
        let dir = scratch("key");
        let entry = EntryKey {
            file: dir.join("options/a.bin"),
            key: [1; 32],
        };
        let options = vec![option("services.a.enable"), option("services.b.enable")];
        write(&entry, Vec::new(), &options);
        assert_eq!(read(&entry, |_| None), Some(options));
        let other = EntryKey {
            file: entry.file.clone(),
            key: [2; 32],
        };
        assert_eq!(read(&other, |_| None), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unreadable_or_other_version_entry_is_a_miss() {
        let dir = scratch("bad");
        let entry = EntryKey {
            file: dir.join("options/a.bin"),
            key: [1; 32],
        };
        std::fs::create_dir_all(dir.join("options")).unwrap();
        std::fs::write(&entry.file, b"QGOI\x02\x00\x00\x00garbage").unwrap();
        assert_eq!(read(&entry, |_| None), None);
        write(&entry, Vec::new(), &[option("a")]);
        let mut bytes = std::fs::read(&entry.file).unwrap();
        bytes[4] = 99;
        std::fs::write(&entry.file, &bytes).unwrap();
        assert_eq!(read(&entry, |_| None), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_entry_is_a_miss_once_a_file_it_read_changes() {
        let dir = scratch("reads");
        let entry = EntryKey {
            file: dir.join("options/a.bin"),
            key: [1; 32],
        };
        let options = vec![option("services.a.enable")];
        let reads = vec![("hosts/a.nix".to_string(), text_hash("{ }"))];
        write(&entry, reads, &options);
        let now =
            |text: &'static str| move |path: &str| (path == "hosts/a.nix").then(|| text_hash(text));
        assert_eq!(read(&entry, now("{ }")), Some(options));
        assert_eq!(read(&entry, now("{ x = 1; }")), None);
        assert_eq!(read(&entry, |_| None), None, "a file it read is gone");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn writers_at_once_leave_a_whole_entry() {
        let dir = scratch("race");
        let file = dir.join("options/a.bin");
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let file = file.clone();
                std::thread::spawn(move || {
                    let entry = EntryKey { file, key: [7; 32] };
                    let options: Vec<OptionInfo> =
                        (0..200 + i).map(|n| option(&format!("o{n}.x"))).collect();
                    for _ in 0..20 {
                        write(&entry, Vec::new(), &options);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let entry = EntryKey { file, key: [7; 32] };
        let read = read(&entry, |_| None).expect("a whole entry");
        assert!((200..208).contains(&read.len()));
        let leftovers = std::fs::read_dir(dir.join("options")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
