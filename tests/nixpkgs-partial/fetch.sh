#!/usr/bin/env bash
# Rebuilds the partial real nixpkgs of tests/nixpkgs-partial from manifest.toml:
#   fetch.sh [OUT]          (OUT defaults to ~/nixpkgs-partial; it is replaced)
#
# Every file of the manifest is taken at its commit from a git copy of its repository,
# found in this order:
#   1. $QG_PARTIAL_GIT_<OWNER>_<NAME> (e.g. QG_PARTIAL_GIT_NEG_SERG_NIXPKGS_SLIM), a
#      clone or bare repository; for nix-community/nixpkgs.lib also $QG_NIXPKGS_LIB
#      (the checkout tests/nixpkgs-lib uses);
#   2. /work/.mirror/<owner>+<name>/repo (where the search tool's `fetch` puts a
#      repository snapshot: `fetch github:neg-serg/nixpkgs-slim`,
#      `fetch github:nix-community/nixpkgs.lib`);
#   3. with network: a blobless clone from GitHub into ~/.cache/qg-nixpkgs-partial.
# Without any of them (no network, no search tool) the tree cannot be rebuilt: say so.
#
# The tree's nixos/modules/module-list.nix is this folder's module-list.nix (qg's own
# trimmed list); nothing of the tree is committed to the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$HOME/nixpkgs-partial}
manifest="$here/manifest.toml"

# The git directory holding REPO (owner/name), or empty.
git_dir_of() {
  local repo=$1 var owner name
  owner=${repo%%/*}
  name=${repo#*/}
  var="QG_PARTIAL_GIT_$(printf '%s_%s' "$owner" "$name" | tr 'a-z.-' 'A-Z__')"
  if [ -n "${!var:-}" ]; then
    echo "${!var}"
    return
  fi
  if [ "$repo" = nix-community/nixpkgs.lib ] && [ -n "${QG_NIXPKGS_LIB:-}" ]; then
    echo "$QG_NIXPKGS_LIB"
    return
  fi
  if [ -d "/work/.mirror/$owner+$name/repo" ]; then
    echo "/work/.mirror/$owner+$name/repo"
    return
  fi
  local cache="$HOME/.cache/qg-nixpkgs-partial/$owner+$name"
  if [ -d "$cache" ]; then
    echo "$cache"
    return
  fi
  if git clone -q --bare --filter=blob:none "https://github.com/$repo" "$cache" 2>/dev/null; then
    echo "$cache"
  fi
}

# "repository commit path" lines of the manifest.
entries() {
  awk -F'"' '
    /^repository = / { repo = $2 }
    /^commit = / { commit = $2 }
    /^path = / { print repo, commit, $2 }
  ' "$manifest"
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -A dirs
count=0
while read -r repo commit path; do
  if [ -z "${dirs[$repo]+set}" ]; then
    dirs[$repo]=$(git_dir_of "$repo")
    if [ -z "${dirs[$repo]}" ]; then
      echo "fetch.sh: no git copy of $repo: set QG_PARTIAL_GIT_..., fetch it with the" \
        "search tool (fetch github:$repo), or give this machine network access" >&2
      exit 2
    fi
  fi
  mkdir -p "$scratch/tree/$(dirname "$path")"
  if ! git -C "${dirs[$repo]}" show "$commit:$path" >"$scratch/tree/$path" 2>/dev/null; then
    echo "fetch.sh: $repo has no $path at $commit (in ${dirs[$repo]})" >&2
    exit 2
  fi
  count=$((count + 1))
done < <(entries)

cp "$here/module-list.nix" "$scratch/tree/nixos/modules/module-list.nix"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$scratch/tree" "$out"
echo "fetch.sh: $count files of the manifest and qg's module-list.nix in $out"
