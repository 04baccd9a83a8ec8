//! Path strings: canonicalisation, `dirOf`, `baseNameOf`, the way Nix computes them.

/// Makes `path` absolute against `base` (a canonical absolute directory) and removes `.`,
/// `..`, repeated and trailing slashes. Symlinks are not followed, as in Nix.
pub(crate) fn canonicalize(path: &str, base: &str) -> String {
    let joined;
    let path = if path.starts_with('/') {
        path
    } else {
        joined = format!("{base}/{path}");
        &joined
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        let mut out = String::with_capacity(path.len());
        for p in parts {
            out.push('/');
            out.push_str(p);
        }
        out
    }
}

/// `dirOf`: everything before the last `/` (`"."` when there is none, `/` for the root).
pub(crate) fn dir_of(path: &str) -> String {
    match path.rfind('/') {
        None => ".".to_string(),
        Some(0) => "/".to_string(),
        Some(i) => path[..i].to_string(),
    }
}

/// `baseNameOf`: the last component, ignoring one trailing `/`.
pub(crate) fn base_name_of(path: &str) -> String {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    match trimmed.rfind('/') {
        None => trimmed.to_string(),
        Some(i) => trimmed[i + 1..].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_paths() {
        assert_eq!(canonicalize("/a/b/../../c", "/"), "/c");
        assert_eq!(canonicalize("/..", "/"), "/");
        assert_eq!(canonicalize("./x/../y", "/base/dir"), "/base/dir/y");
        assert_eq!(canonicalize("/a//b/./", "/"), "/a/b");
    }

    #[test]
    fn dir_and_base() {
        assert_eq!(dir_of("/a/b/"), "/a/b");
        assert_eq!(dir_of("abc"), ".");
        assert_eq!(dir_of("/x"), "/");
        assert_eq!(base_name_of("dir/"), "dir");
        assert_eq!(base_name_of("/"), "");
    }
}
