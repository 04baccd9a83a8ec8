"""The option index in the language server: built in the background when the server
starts, with `$/progress` (begin, report per host, end), then hover on a NixOS option of
the miniature nixpkgs (tests/nixpkgs-mini) answers; a second server, started on the
same index folder, answers from the index at once."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import REPO, SERVER, initialize, make_client, position_of, push_capabilities, uri, wait_for

MINI = REPO / "tests" / "nixpkgs-mini"
TOKEN = "qg/option-index"
# The index folder of this module's servers: never the real ~/.cache.
CACHE = pathlib.Path(tempfile.mkdtemp(prefix="qg-lsp-option-index-"))

CONFIG = ClientServerConfig(
    server_command=[SERVER],
    server_env={**os.environ, "QG_LSP_DEBUG": "1", "QG_CACHE_DIR": str(CACHE)},
    client_factory=make_client,
)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module", autouse=True)
def remove_cache():
    yield
    shutil.rmtree(CACHE, ignore_errors=True)


# One fleet for both tests, so that the second server finds the first one's entry (an
# entry's place is the flake's root and the host).
FLEET = CACHE / "fleet"


def mini_fleet() -> pathlib.Path:
    if not FLEET.exists():
        shutil.copytree(MINI / "fleets" / "clean", FLEET)
    return FLEET


def entries() -> list[pathlib.Path]:
    folder = CACHE / "options"
    return sorted(folder.iterdir()) if folder.exists() else []


def progress_caps() -> types.ClientCapabilities:
    caps = push_capabilities()
    caps.window = types.WindowClientCapabilities(work_done_progress=True)
    return caps


async def start(client: LanguageClient, fleet: pathlib.Path) -> float:
    """Initializes on `fleet` with the miniature nixpkgs; the time the index took."""
    started = time.monotonic()
    await initialize(client, [fleet], caps=progress_caps(), options={"inputs": {"nixpkgs": str(MINI)}})

    def ended():
        reports = client.progress_reports.get(TOKEN, [])
        return any(isinstance(r, types.WorkDoneProgressEnd) for r in reports)

    await wait_for(ended, timeout=120, what="the option index's progress to end")
    return time.monotonic() - started


async def hover_log_format(client: LanguageClient, fleet: pathlib.Path) -> tuple[str, float]:
    path = fleet / "hosts/web.nix"
    text = path.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri(path), language_id="nix", version=1, text=text)
        )
    )
    started = time.monotonic()
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            position=position_of(text, "logFormat"),
        )
    )
    took = time.monotonic() - started
    assert hover is not None, "hover on services.webserver.logFormat"
    return hover.contents.value, took


async def test_progress_then_hover_on_a_nixos_option(client):
    fleet = mini_fleet()
    assert entries() == []
    took = await start(client, fleet)
    reports = client.progress_reports[TOKEN]
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert reports[0].title == "qg: option index"
    assert any(isinstance(r, types.WorkDoneProgressReport) and r.message.startswith("web ") for r in reports)
    end = reports[-1]
    assert isinstance(end, types.WorkDoneProgressEnd)
    assert " options of 1 hosts" in end.message, end.message
    value, hover_took = await hover_log_format(client, fleet)
    assert 'one of "common", "combined", "json"' in value, value
    assert "The format of the access log." in value, value
    assert len(entries()) == 1, "the index is written"
    print(f"\ncold: index {took * 1000:.0f} ms, then hover {hover_took * 1000:.0f} ms")


async def test_a_second_server_answers_from_the_index(client):
    fleet = mini_fleet()
    [entry] = entries()
    written = entry.stat().st_mtime_ns
    took = await start(client, fleet)
    assert entry.stat().st_mtime_ns == written, "read from the index, not rebuilt"
    value, hover_took = await hover_log_format(client, fleet)
    assert "The format of the access log." in value, value
    print(f"\nwarm: index {took * 1000:.0f} ms, then hover {hover_took * 1000:.0f} ms")
