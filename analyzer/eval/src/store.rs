//! Store paths of sources copied by interpolation (`"${./file}"`), computed as Nix does,
//! without writing anything: the NAR serialisation of the file or directory is hashed
//! (SHA-256), the fingerprint `source:sha256:<hex>:/nix/store:<name>` is hashed again,
//! XOR-folded to 20 bytes and written in Nix's base32. Also the SRI form of a SHA-256
//! (`sha256-<base64>`), in which locks and fetchers name the NAR hash a store path follows
//! from: one formatter and one parser, for this crate and the ones above it.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::error::{ErrorKind, EvalError, EvalResult};
use super::loader::{FileKind, SourceLoader};
use super::path::base_name_of;
use super::value::{NixString, Shape, Unknown, Value};
use super::Evaluator;

const STORE_DIR: &str = "/nix/store";
pub(crate) const BASE32_CHARS: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

impl Evaluator<'_> {
    /// The store path a path value is copied to, as a string with that path as context.
    pub(crate) fn copy_to_store(&mut self, path: &str) -> EvalResult<Value> {
        if let Some(v) = self.store_paths.get(path) {
            return Ok(v.clone());
        }
        let value = if let Some(store_path) = in_store(path) {
            // A path in the store (a locked input's source) is not copied again.
            let context: std::rc::Rc<[std::rc::Rc<str>]> = vec![store_path.into()].into();
            Value::String(NixString {
                text: path.into(),
                context: Some(context),
            })
        } else if self.inside_root(path) {
            let mut hasher = Sha256::new();
            nar(self.loader(), Path::new(path), &mut hasher).map_err(|e| {
                EvalError::new(ErrorKind::Other, format!("getting status of '{path}': {e}"))
            })?;
            let nar_hash = hasher.finalize();
            let store_path = make_store_path(&hex(&nar_hash), &base_name_of(path));
            let context: std::rc::Rc<[std::rc::Rc<str>]> = vec![store_path.as_str().into()].into();
            Value::String(NixString {
                text: store_path.into(),
                context: Some(context),
            })
        } else {
            Unknown::value(
                format!("store path of {path}, outside the root"),
                Shape::String(vec![super::value::StrPart::Unknown("store path".into())].into()),
            )
        };
        self.store_paths.insert(path.to_string(), value.clone());
        Ok(value)
    }
}

/// The store path (`/nix/store/<hash>-<name>`) a path lies in, if it is in the store.
fn in_store(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(STORE_DIR)?.strip_prefix('/')?;
    let name_len = rest.find('/').unwrap_or(rest.len());
    (name_len > 33).then(|| &path[..STORE_DIR.len() + 1 + name_len])
}

/// `/nix/store/<hash>-<name>` of a source whose NAR serialisation has this SHA-256 (a
/// locked flake input's `narHash`).
pub fn source_store_path(nar_sha256: &[u8; 32], name: &str) -> String {
    make_store_path(&hex(nar_sha256), name)
}

/// A SHA-256 in SRI form (`sha256-<base64>`, padded), as a lock's `narHash` and a fetch's
/// `narHash` attribute hold it.
pub fn sha256_to_sri(digest: &[u8; 32]) -> String {
    format!("sha256-{}", STANDARD.encode(digest))
}

/// The digest of an SRI SHA-256 (`sha256-<base64>`, padded). `None` for any other text: a
/// hash in another form or of another algorithm names no store path qg can compute.
pub fn sha256_from_sri(sri: &str) -> Option<[u8; 32]> {
    let body = sri.strip_prefix("sha256-")?;
    STANDARD.decode(body).ok()?.try_into().ok()
}

/// The SHA-256 of the NAR serialisation of `path` (a file, folder or symlink), read
/// through `loader`: what `nix hash path` prints and a lock's `narHash` holds.
pub fn nar_sha256(loader: &dyn SourceLoader, path: &Path) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    nar(loader, path, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// `/nix/store/<hash>-<name>` of a source with this NAR hash (hex SHA-256).
pub(crate) fn make_store_path(nar_sha256_hex: &str, name: &str) -> String {
    make_typed_store_path("source", nar_sha256_hex, name)
}

/// The store path of a text file (`builtins.toFile`, a `.drv`): its type names the store
/// paths it refers to.
pub(crate) fn make_text_path(name: &str, contents: &[u8], references: &[&str]) -> String {
    let mut references = references.to_vec();
    references.sort_unstable();
    references.dedup();
    let mut kind = String::from("text");
    for r in references {
        kind.push(':');
        kind.push_str(r);
    }
    make_typed_store_path(&kind, &hex(&Sha256::digest(contents)), name)
}

/// Nix's `makeStorePath`: the fingerprint `<type>:sha256:<hex>:/nix/store:<name>`,
/// hashed, XOR-folded to 20 bytes, in Nix's base32.
pub(crate) fn make_typed_store_path(kind: &str, sha256_hex: &str, name: &str) -> String {
    let fingerprint = format!("{kind}:sha256:{sha256_hex}:{STORE_DIR}:{name}");
    let digest = Sha256::digest(fingerprint.as_bytes());
    let mut folded = [0u8; 20];
    for (i, b) in digest.iter().enumerate() {
        folded[i % 20] ^= b;
    }
    format!("{STORE_DIR}/{}-{name}", base32(&folded))
}

/// Nix's base32: 5-bit groups taken from the end of the hash, with its own alphabet.
pub(crate) fn base32(bytes: &[u8]) -> String {
    let len = (bytes.len() * 8 - 1) / 5 + 1;
    let mut out = String::with_capacity(len);
    for n in (0..len).rev() {
        let bit = n * 5;
        let (i, j) = (bit / 8, bit % 8);
        let low = bytes[i] >> j;
        let high = if i + 1 < bytes.len() {
            (bytes[i + 1] as u16) << (8 - j)
        } else {
            0
        };
        let c = (low as u16 | high) & 0x1f;
        out.push(BASE32_CHARS[c as usize] as char);
    }
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn nar_str(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
    let pad = (8 - bytes.len() % 8) % 8;
    h.update(&[0u8; 8][..pad]);
}

/// Feeds the NAR serialisation of `path` to the hasher.
fn nar(loader: &dyn SourceLoader, path: &Path, h: &mut Sha256) -> std::io::Result<()> {
    nar_str(h, b"nix-archive-1");
    nar_node(loader, path, h)
}

fn nar_node(loader: &dyn SourceLoader, path: &Path, h: &mut Sha256) -> std::io::Result<()> {
    let not_found =
        || std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory");
    nar_str(h, b"(");
    nar_str(h, b"type");
    match loader.kind(path).ok_or_else(not_found)? {
        FileKind::Regular { executable } => {
            nar_str(h, b"regular");
            if executable {
                nar_str(h, b"executable");
                nar_str(h, b"");
            }
            nar_str(h, b"contents");
            nar_str(h, &loader.read_file(path)?);
        }
        FileKind::Directory => {
            nar_str(h, b"directory");
            for (name, _) in loader.read_dir(path)? {
                nar_str(h, b"entry");
                nar_str(h, b"(");
                nar_str(h, b"name");
                nar_str(h, name.as_bytes());
                nar_str(h, b"node");
                nar_node(loader, &path.join(&name), h)?;
                nar_str(h, b")");
            }
        }
        FileKind::Symlink { target } => {
            nar_str(h, b"symlink");
            nar_str(h, b"target");
            nar_str(h, target.as_bytes());
        }
        FileKind::Other => {
            return Err(std::io::Error::other("unsupported file type"));
        }
    }
    nar_str(h, b")");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_paths_are_recognised_with_their_subpaths() {
        let p = "/nix/store/sl5vvk8mb4ma1sjyy03kwpvkz50hd22d-source";
        assert_eq!(in_store(p), Some(p));
        assert_eq!(in_store(&format!("{p}/lib/default.nix")), Some(p));
        assert_eq!(in_store("/nix/store"), None);
        assert_eq!(in_store("/nix/store/short"), None);
        assert_eq!(in_store("/home/u/flake"), None);
    }

    #[test]
    fn base32_of_zeroes() {
        assert_eq!(base32(&[0u8; 20]), "0".repeat(32));
    }

    #[test]
    fn sri_sha256_round_trips_and_refuses_other_forms() {
        let sri = "sha256-3XYHZANT6AFBV0BqegkAZHbba6oeDkIUCDwbATLMhAY=";
        let digest = sha256_from_sri(sri).unwrap();
        assert_eq!(sha256_to_sri(&digest), sri);
        assert_eq!(
            sha256_to_sri(&[0u8; 32]),
            "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        );
        // Another algorithm, a hex body, a short digest and a missing padding name no
        // store path.
        assert_eq!(sha256_from_sri(&sri.replace("sha256-", "sha512-")), None);
        assert_eq!(sha256_from_sri(&format!("sha256:{}", hex(&digest))), None);
        assert_eq!(sha256_from_sri("sha256-AAAA"), None);
        assert_eq!(sha256_from_sri(sri.trim_end_matches('=')), None);
    }
}
