#!/usr/bin/env bash
# Everything CI needs for the VS Code extension, from a machine with only node (>= 20) and npm:
# install the locked dependencies, type check, bundle, unit tests, smoke test against a real
# qg-lsp, and package the .vsix. Exits non-zero on the first failure.
#
#   QG_LSP=/path/to/qg-lsp editors/vscode/test.sh    (default: $CARGO_TARGET_DIR or target/, debug/qg-lsp)
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

step() { printf '\n== vscode: %s\n' "$*"; }

step "npm ci (registry packages from package-lock.json; install scripts are not needed)"
npm ci --ignore-scripts --no-audit --no-fund

step "type check (tsc --noEmit)"
npm run --silent check

step "bundle out/extension.js, compile out/lib for the tests (esbuild)"
rm -rf out
npm run --silent build

step "unit tests (config, hosts, the bundle with a fake vscode module)"
node --test test/config.test.mjs test/hosts.test.mjs test/extension.test.mjs

# cargo's target folder: CARGO_TARGET_DIR (relative to the repository, where cargo runs) or
# the repository's target/.
target=$(cd "$here/../.." && realpath -m "${CARGO_TARGET_DIR:-target}")
qg_lsp=$(cd "$here" && realpath -m "${QG_LSP:-$target/debug/qg-lsp}")
step "smoke test against $qg_lsp"
if [ ! -x "$qg_lsp" ]; then
  echo "no executable qg-lsp at $qg_lsp: run 'cargo build -p qg-lsp' first or set QG_LSP" >&2
  exit 1
fi
QG_LSP="$qg_lsp" node --test test/smoke.test.mjs

step "package the .vsix (vsce)"
version=$(node -p 'require("./package.json").version')
vsix="$here/qg-$version.vsix"
rm -f "$vsix"
# --no-dependencies: the bundle already holds vscode-languageclient.
# --allow-missing-repository / --skip-license: the repository has no public URL nor a LICENSE
# file yet (package.json says "MIT OR Apache-2.0"); without them vsce asks y/N on a terminal.
npx --no-install vsce package --no-dependencies --allow-missing-repository --skip-license --out "$vsix" </dev/null

# The .vsix is a zip: check that it holds what VS Code loads.
node -e '
  const data = require("fs").readFileSync(process.argv[1]);
  for (const name of ["extension/package.json", "extension/out/extension.js", "extension.vsixmanifest"]) {
    if (!data.includes(Buffer.from(name))) { console.error(`${process.argv[1]} lacks ${name}`); process.exit(1); }
  }' "$vsix"

step "done"
echo "VS Code extension: $vsix"
echo "install with: code --install-extension $vsix"
