"""NVF: the Lua that editors/nvf/module.nix yields, run in headless Neovim 0.11 against qg-lsp.

Neither NVF nor nixpkgs is available offline, so the test rebuilds the path from the module
to Neovim with the parts that are:

1. the real Nix (`nix-instantiate --eval --strict --json`, Debian's nix-bin) evaluates
   `nvfModules.default` from this repository's flake.nix, the user's module and a stand-in
   of NVF's `vim.lsp.servers` option (tests/lsp/nvf/nvf-stub.nix), with qg's own lib and a
   small module system (tests/lsp/nvf/eval-modules.nix); the qg package is a directory
   whose bin/qg-lsp is this checkout's target/debug/qg-lsp;
2. `render_lua` writes `config.vim.lsp` the way NVF does (`vim.lsp.config["<name>"] = …`
   per server, then `vim.lsp.enable({…})`);
3. Neovim loads that init.lua, opens a file of a copy of examples/qgroget with two seeded
   mistakes, and reports the qg client and its diagnostics (tests/lsp/nvf/check.lua).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import REPO, SERVER

NVF = pathlib.Path(__file__).parent / "nvf"
EXAMPLE = REPO / "examples/qgroget"

# The file the Neovim tests open, and the mistakes seeded in it: an unused let binding
# (QG003, a warning) and an undefined variable (QG002, an error).
FILE = "modules/shared/remote-access.nix"
SEEDS = [
    (
        "  cfg = config.qgroget.nixos.remote-access;\n",
        "  cfg = config.qgroget.nixos.remote-access;\n  sshPort = 22;\n",
    ),
    ('extraUpFlags = ["--ssh"];', 'extraUpFlags = ["--ssh" tailscaleFlag];'),
]
UNUSED = ("QG003", FILE, 7)
UNDEFINED = ("QG002", FILE, 32)


# --- tools ---------------------------------------------------------------------------------


def tool(name: str, env: str | None = None) -> str:
    found = (env and os.environ.get(env)) or shutil.which(name)
    if not found:
        pytest.skip(f"{name} not installed (tests/run-all.sh installs nix-bin; tests/lsp/run.sh installs nvim)")
    return found


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> pathlib.Path:
    """What `qg.packages.<system>.default` is to the module: a directory with bin/qg-lsp."""
    if not os.path.exists(SERVER):
        pytest.fail(f"qg-lsp not built at {SERVER}; run `cargo build -p qg-lsp`")
    out = tmp_path_factory.mktemp("qg-package")
    (out / "bin").mkdir()
    (out / "bin" / "qg-lsp").symlink_to(pathlib.Path(SERVER).resolve())
    return out


def evaluate(package: pathlib.Path, tmp_path: pathlib.Path, user: str) -> subprocess.CompletedProcess:
    """`config.vim.lsp` of NVF's stand-in, qg's nvfModules.default and the module `user`."""
    module = tmp_path / "user.nix"
    module.write_text(user)
    return subprocess.run(
        [
            tool("nix-instantiate"), "--eval", "--strict", "--json", str(NVF / "eval.nix"),
            "--argstr", "qgOut", str(package), "--argstr", "userModule", str(module),
        ],
        capture_output=True, text=True, timeout=120,
        # No store or daemon is involved, but Nix wants writable state and cache directories.
        env={**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
             "NIX_STATE_DIR": str(tmp_path / "nix-state")},
    )


def lsp_config(package: pathlib.Path, tmp_path: pathlib.Path, user: str) -> dict:
    done = evaluate(package, tmp_path, user)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- NVF's rendering -----------------------------------------------------------------------


def lua_string(text: str) -> str:
    escaped = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return '"' + "".join(escaped.get(c, f"\\{ord(c):03d}" if ord(c) < 32 else c) for c in text) + '"'


def lua_value(value) -> str:
    """NVF's `toLuaObject` on a value of JSON: attributes set to null are dropped (JSON null
    cannot be sent), `mkLuaInline` is pasted verbatim, derivations were already their paths."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return lua_string(value)
    if isinstance(value, list):
        return "{" + ", ".join(lua_value(v) for v in value) + "}"
    if value.get("_type") == "lua-inline":
        return value["expr"]
    return "{" + ", ".join(f"[{lua_string(k)}] = {lua_value(v)}" for k, v in value.items() if v is not None) + "}"


def render_lua(lsp: dict) -> str:
    """The Lua NVF generates from `vim.lsp`: the `capabilities` local of its `lsp-setup`
    section (only with `vim.lsp.enable`), then the `lsp-servers` section: one
    `vim.lsp.config` per server, enabled or not, and one `vim.lsp.enable` of the enabled
    names without "*"."""
    lines = ["-- Rendered by tests/lsp/test_nvf.py from NVF's `vim.lsp` (as NVF's luaConfigRC does)."]
    if lsp["enable"]:
        lines += ["-- lsp-setup", "local capabilities = vim.lsp.protocol.make_client_capabilities()"]
    lines.append("-- lsp-servers")
    servers = lsp["servers"]
    lines += [f"vim.lsp.config[{lua_string(name)}] = {lua_value(cfg)}" for name, cfg in servers.items()]
    enabled = [name for name, cfg in servers.items() if cfg.get("enable", True) and name != "*"]
    lines.append(f"vim.lsp.enable({lua_value(enabled)})")
    return "\n".join(lines) + "\n"


# --- Neovim --------------------------------------------------------------------------------


def seeded_fleet(target: pathlib.Path) -> pathlib.Path:
    """A copy outside git of examples/qgroget's tracked files with the mistakes of SEEDS."""
    if not (EXAMPLE / "flake.nix").is_file():
        pytest.skip("examples/qgroget is not there")
    listed = subprocess.run(["git", "-C", str(EXAMPLE), "ls-files", "-z", "."], capture_output=True)
    files = [f for f in listed.stdout.decode().split("\0") if f] if listed.returncode == 0 else []
    if files:
        for rel in files:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(EXAMPLE / rel, target / rel)
    else:
        shutil.copytree(EXAMPLE, target)
    path = target / FILE
    text = path.read_text()
    for old, new in SEEDS:
        assert text.count(old) == 1, f"seed {old!r} not found once in {FILE}"
        text = text.replace(old, new)
    path.write_text(text)
    return target


def run_neovim(tmp_path: pathlib.Path, lua: str, present: list[str], absent: list[str]) -> dict:
    nvim = tool("nvim", "NVIM")
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("NVIM v0.11"), version
    fleet = seeded_fleet(tmp_path / "fleet")
    init = tmp_path / "init.lua"
    init.write_text(lua, encoding="utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-l", str(NVF / "check.lua"), str(init), str(fleet), FILE,
         ",".join(present), ",".join(absent)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    output = done.stdout + done.stderr
    marked = [line for line in output.splitlines() if line.startswith("QG-NVF-RESULT ")]
    assert marked, f"check.lua printed no result (exit {done.returncode}):\n{output}\ninit.lua:\n{lua}"
    result = json.loads(marked[-1].removeprefix("QG-NVF-RESULT "))
    result["fleet"] = str(fleet.resolve())
    result["output"] = output
    return result


def findings(result: dict) -> list[tuple[str, str, int]]:
    """(rule, file, line) of the diagnostics of FILE. The server also pushes the findings of
    other files of the fleet; examples/qgroget has none, but that is cli/tests/example_fleet.rs's
    concern, not this test's."""
    return [(d["code"], d["file"], d["line"]) for d in result.get("diagnostics", []) if d["file"] == FILE]


def of_file(result: dict) -> list[dict]:
    return [d for d in result.get("diagnostics", []) if d["file"] == FILE]


def assert_attached(result: dict, package: pathlib.Path):
    assert "init_error" not in result, f"the rendered init.lua fails: {result['init_error']}"
    assert result["filetype"] == "nix"
    assert result["attached"], f"qg did not attach; clients: {result.get('clients')}\n{result['output']}"
    assert result["server"]["name"] == "qg-lsp"
    assert result["cmd"] == [str(package / "bin" / "qg-lsp")]
    assert result["filetypes"] == ["nix"]
    assert result["root_markers"] == ["flake.nix"]
    assert result["root_dir"] == result["fleet"]


# --- tests ---------------------------------------------------------------------------------

ENABLE = "{ ... }: { vim.qg.enable = true; }\n"


def test_nvf_module_sets_the_server(package, tmp_path):
    lsp = lsp_config(package, tmp_path, ENABLE)
    assert lsp["servers"]["qg"] == {
        "capabilities": None,
        "cmd": [f"{package}/bin/qg-lsp"],
        "enable": True,
        "filetypes": ["nix"],
        "on_attach": None,
        "root_markers": ["flake.nix"],
        "settings": {"qg": {"rules": {}}},
    }
    assert render_lua(lsp).splitlines()[-3:] == [
        'vim.lsp.config["*"] = {["capabilities"] = capabilities, ["enable"] = true}',
        f'vim.lsp.config["qg"] = {{["cmd"] = {{"{package}/bin/qg-lsp"}}, ["enable"] = true, '
        '["filetypes"] = {"nix"}, ["root_markers"] = {"flake.nix"}, ["settings"] = {["qg"] = {["rules"] = {}}}}',
        'vim.lsp.enable({"qg"})',
    ]


def test_nvf_module_options(package, tmp_path):
    # Off by default: no server at all.
    assert "qg" not in lsp_config(package, tmp_path, "{ ... }: { }\n")["servers"]
    # Host and rule levels go to the server's `qg` settings section.
    qg = lsp_config(
        package, tmp_path,
        '{ ... }: { vim.qg = { enable = true; host = "Server"; rules = { QG003 = "allow"; QG004 = "deny"; }; }; }\n',
    )["servers"]["qg"]
    assert qg["settings"] == {"qg": {"host": "Server", "rules": {"QG003": "allow", "QG004": "deny"}}}
    # `cmd` is a default: the user's own replaces it without a conflict (NVF's cmd is `uniq`),
    # while filetypes and root markers of other modules add up.
    qg = lsp_config(
        package, tmp_path,
        '{ ... }: { vim.qg.enable = true; vim.lsp.servers.qg = { cmd = [ "qg-lsp" ]; filetypes = [ "nix-x" ]; }; }\n',
    )["servers"]["qg"]
    assert qg["cmd"] == ["qg-lsp"]
    assert sorted(qg["filetypes"]) == ["nix", "nix-x"]
    # A level qg does not have is a type error at evaluation, not a surprise in the editor.
    done = evaluate(package, tmp_path, '{ ... }: { vim.qg = { enable = true; rules.QG003 = "off"; }; }\n')
    assert done.returncode != 0 and "vim.qg.rules.QG003" in done.stderr, done.stderr


def test_nvf_lua_in_neovim_reports_findings(package, tmp_path):
    # With NVF's `vim.lsp.enable`, whose lsp-setup section defines the `capabilities` local.
    lsp = lsp_config(package, tmp_path, "{ ... }: { vim.qg.enable = true; vim.lsp.enable = true; }\n")
    result = run_neovim(tmp_path, render_lua(lsp), present=["QG002", "QG003"], absent=[])
    assert_attached(result, package)
    assert result["ok"], f"diagnostics of {FILE}: {of_file(result)}\n{result['output'][-2000:]}"
    assert findings(result) == [UNUSED, UNDEFINED], of_file(result)
    unused, undefined = of_file(result)
    assert (unused["severity"], undefined["severity"]) == (2, 1)  # warning, error
    assert "sshPort" in unused["message"] and "tailscaleFlag" in undefined["message"]
    assert result["messages"] == [], "the server complained about the settings NVF sends"


def test_nvf_settings_reach_the_server(package, tmp_path):
    # `vim.qg.rules.QG003 = "allow"` in Nix: the unused binding is no longer reported; the
    # undefined variable still is, so the diagnostics did arrive.
    user = '{ ... }: { vim.qg = { enable = true; host = "Server"; rules.QG003 = "allow"; }; }\n'
    result = run_neovim(tmp_path, render_lua(lsp_config(package, tmp_path, user)), present=["QG002"], absent=["QG003"])
    assert_attached(result, package)
    assert result["ok"], f"diagnostics of {FILE}: {of_file(result)}\n{result['output'][-2000:]}"
    assert findings(result) == [UNDEFINED], of_file(result)
    assert result["settings"] == {"qg": {"host": "Server", "rules": {"QG003": "allow"}}}
    assert result["messages"] == [], "the server complained about the settings NVF sends"
