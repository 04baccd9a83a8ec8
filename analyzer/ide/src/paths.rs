//! Relative path literals (`./modules/traefik.nix`, `../lib`) to files of the flake.

use qg_syntax::Workspace;

use crate::Db;

/// Joins a relative path literal to the directory of `from` (a path relative to the flake
/// root) and normalises `.` and `..`. `None` when it leaves the flake or is not relative.
pub(crate) fn join_relative(from: &str, literal: &str) -> Option<String> {
    if literal.starts_with('/') || literal.starts_with('~') || literal.starts_with('<') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the file name
    for part in literal.trim_end_matches('/').split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The file a path literal denotes, as `import` reads it: the file itself, or
/// `default.nix` inside a directory. Falls back to the joined path when the flake's file
/// set has neither (an untracked file, a directory of data): the caller may check the disk.
pub(crate) fn resolve_path_literal(
    db: &dyn Db,
    workspace: Workspace,
    from: &str,
    literal: &str,
) -> Option<String> {
    let joined = join_relative(from, literal)?;
    if workspace.file(db, &joined).is_some() {
        return Some(joined);
    }
    let default = if joined.is_empty() {
        "default.nix".to_string()
    } else {
        format!("{joined}/default.nix")
    };
    if workspace.file(db, &default).is_some() {
        return Some(default);
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(
            join_relative("hosts/a/configuration.nix", "./hardware.nix").as_deref(),
            Some("hosts/a/hardware.nix")
        );
        assert_eq!(
            join_relative("hosts/a/configuration.nix", "../../modules").as_deref(),
            Some("modules")
        );
        assert_eq!(join_relative("flake.nix", "./.").as_deref(), Some(""));
        assert_eq!(join_relative("flake.nix", "../outside.nix"), None);
        assert_eq!(join_relative("flake.nix", "/etc/nixos"), None);
    }
}
