"""Shared helpers of the qg-lsp end-to-end tests (pytest-lsp, Neovim).

The server binary is `$QG_LSP` or `target/debug/qg-lsp` of this checkout. Every test builds
its fleet in a temporary directory outside git, so the walk (not `git ls-files`) finds files.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]
SERVER = os.environ.get("QG_LSP", str(REPO / "target" / "debug" / "qg-lsp"))
SERVER_ENV = {**os.environ, "QG_LSP_DEBUG": "1"}

FLAKE = """{
  description = "test fleet";
  outputs = { self, nixpkgs, ... }@inputs: {
    nixosConfigurations.server = nixpkgs.lib.nixosSystem {
      specialArgs = { inherit inputs; };
      modules = [ ./hosts/server ];
    };
  };
}
"""

HOST = """{ config, lib, ... }:
{
  imports = [ ../../modules/jellyfin.nix ];
  networking.hostName = "server";
}
"""

JELLYFIN = """{ config, lib, pkgs, ... }:
let
  cfg = config.qgroget.services.jellyfin;
  port = 8096;
in {
  options.qgroget.services.jellyfin = {
    enable = lib.mkEnableOption "jellyfin on port ${toString port}";
  };
  config = lib.mkIf cfg.enable {
    services.jellyfin.enable = true;
    environment.systemPackages = builtins.map (p: p) [ pkgs.jellyfin ];
  };
}
"""

BROKEN = """{ config, ... }: {
  environment.systemPackages = [ pkgs.git ];
  services.a = 1;
  services.a = 2;
}
"""


def write_fleet(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def default_fleet(root: pathlib.Path) -> pathlib.Path:
    return write_fleet(
        root,
        {
            "flake.nix": FLAKE,
            "hosts/server/default.nix": HOST,
            "modules/jellyfin.nix": JELLYFIN,
            "modules/broken.nix": BROKEN,
        },
    )


def uri(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def push_capabilities() -> types.ClientCapabilities:
    """VS Code's capabilities without pull diagnostics: every file is pushed."""
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = None
    return caps


def pull_capabilities() -> types.ClientCapabilities:
    """VS Code's capabilities (the 1.65 set pytest-lsp ships predates LSP 3.17) plus pull
    diagnostics with refresh, as current VS Code and Neovim 0.11 announce them."""
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=True)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


async def initialize(client: LanguageClient, folders: list[pathlib.Path], caps=None, options=None):
    folders = [f.resolve() for f in folders]
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=caps or push_capabilities(),
            root_uri=uri(folders[0]) if folders else None,
            workspace_folders=[types.WorkspaceFolder(uri=uri(f), name=f.name) for f in folders],
            initialization_options=options,
        )
    )


async def wait_for(predicate, timeout: float = 10.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def wait_for_diagnostics(client: LanguageClient, path: pathlib.Path, predicate=lambda d: True, timeout=10.0):
    """Waits until the last diagnostics pushed for `path` satisfy `predicate`; returns them."""
    key = uri(path)

    def ready():
        return key in client.diagnostics and predicate(client.diagnostics[key])

    await wait_for(ready, timeout, f"diagnostics of {path.name}")
    return client.diagnostics[key]


def codes(diagnostics) -> list[str]:
    return sorted(d.code for d in diagnostics)


def open_doc(client: LanguageClient, path: pathlib.Path, version: int = 1) -> str:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri(path), language_id="nix", version=version, text=path.read_text())
        )
    )
    return uri(path)


def change_doc(client: LanguageClient, path: pathlib.Path, version: int, changes: list) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
            content_changes=changes,
        )
    )


def replace(start: tuple[int, int], end: tuple[int, int], text: str):
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=start[0], character=start[1]),
            end=types.Position(line=end[0], character=end[1]),
        ),
        text=text,
    )


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The UTF-16 position of `needle` (plus `offset` characters) in `text`."""
    at = text.index(needle) + offset
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    return types.Position(line=line, character=len(text[at - col : at].encode("utf-16-le")) // 2)


def server_command() -> list[str]:
    if not os.path.exists(SERVER):
        sys.exit(f"qg-lsp not built at {SERVER}; run `cargo build -p qg-lsp`")
    return [SERVER]


def make_client() -> LanguageClient:
    """pytest-lsp's client, plus what it lacks: accepting dynamic registrations."""
    client = pytest_lsp.make_test_lsp_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    return client


CONFIG = ClientServerConfig(server_command=[SERVER], server_env=SERVER_ENV, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    """A started server; each test initializes it with its own folders and capabilities."""
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def fleet(tmp_path) -> pathlib.Path:
    return default_fleet(tmp_path / "fleet")
