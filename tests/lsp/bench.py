#!/usr/bin/env python3
"""Latency and memory of qg-lsp through a real JSON-RPC client (pygls).

Prints, for the example fleet and a generated 1000-module fleet (qg-fleetgen):
  - initialize -> first diagnostics of an opened module (push mode),
  - edit -> diagnostics of that edit's version, over 200 edits (p50, p95), with the default
    150 ms debounce and with the debounce off (pure analysis time),
  - completion and hover latency (p50, p95 over 100 requests each),
  - resident memory of the server (VmRSS now, VmHWM peak).

Usage: target/lsp-venv/bin/python tests/lsp/bench.py   (after `cargo build --release -p qg-lsp -p qg-fleetgen`;
set QG_LSP / QG_FLEETGEN to use other binaries)
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from lsprotocol import types  # noqa: E402

from conftest import REPO, open_doc, push_capabilities, uri  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

PROFILE = os.environ.get("QG_PROFILE", "release")
SERVER = os.environ.get("QG_LSP", str(REPO / "target" / PROFILE / "qg-lsp"))
FLEETGEN = os.environ.get("QG_FLEETGEN", str(REPO / "target" / PROFILE / "qg-fleetgen"))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


async def wait_version(client, key: str, version: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.versions.get(key) == version:
            return
        await asyncio.sleep(0.0005)
    raise TimeoutError(f"no diagnostics for version {version}")


def memory(pid: int) -> tuple[int, int]:
    fields = dict(
        line.split(":", 1) for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    kib = lambda name: int(fields[name].split()[0])  # noqa: E731
    return kib("VmRSS"), kib("VmHWM")


async def bench(name: str, fleet: pathlib.Path, module: str, debounce: int | None) -> None:
    client = LanguageClient()
    client.versions = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        if params.version is not None:
            client.versions[params.uri] = params.version

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        return None

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def configuration(params: types.ConfigurationParams):
        return [None for _ in params.items]

    await client.start_io(SERVER)
    path = fleet / module
    key = uri(path)
    options = {"diagnostics": {"debounceMs": debounce}} if debounce is not None else None
    started = time.monotonic()
    await client.initialize_session(
        types.InitializeParams(
            capabilities=push_capabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=uri(fleet), name=fleet.name)],
            initialization_options=options,
        )
    )
    open_doc(client, path, version=1)
    await wait_version(client, key, 1)
    first = time.monotonic() - started

    # 200 edits, each waited for: insert then delete a comment at the top of the file.
    edits = []
    version = 1
    for i in range(200):
        version += 1
        if i % 2 == 0:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                text=f"# edit {i}\n",
            )
        else:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=1, character=0)),
                text="",
            )
        sent = time.monotonic()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=key, version=version), content_changes=[change]
            )
        )
        await wait_version(client, key, version)
        edits.append(time.monotonic() - sent)

    text = path.read_text()
    line = next(i for i, l in enumerate(text.splitlines()) if "=" in l and not l.strip().startswith("#"))
    col = len(text.splitlines()[line]) - len(text.splitlines()[line].lstrip())
    position = types.Position(line=line, character=col)
    doc = types.TextDocumentIdentifier(uri=key)
    completions, hovers = [], []
    for _ in range(100):
        t = time.monotonic()
        await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=position))
        completions.append(time.monotonic() - t)
        t = time.monotonic()
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=position))
        hovers.append(time.monotonic() - t)

    rss, peak = memory(client._server.pid)
    label = f"{name}, debounce {'default 150' if debounce is None else debounce} ms"
    print(f"== {label}")
    print(f"  initialize -> first diagnostics {ms(first)}")
    print(f"  edit -> diagnostics   p50 {ms(pct(edits, 50))}   p95 {ms(pct(edits, 95))}")
    print(f"  completion            p50 {ms(pct(completions, 50))}   p95 {ms(pct(completions, 95))}")
    print(f"  hover                 p50 {ms(pct(hovers, 50))}   p95 {ms(pct(hovers, 95))}")
    print(f"  memory                RSS {rss / 1024:.1f} MiB   peak {peak / 1024:.1f} MiB")
    sys.stdout.flush()
    await client.shutdown_session()
    await client.stop()


async def main() -> None:
    for binary in (SERVER, FLEETGEN):
        if not os.path.exists(binary):
            sys.exit(f"missing {binary}: cargo build --release -p qg-lsp -p qg-fleetgen")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        example = tmp / "qgroget"
        shutil.copytree(REPO / "examples/qgroget", example)
        generated = tmp / "fleet1000"
        subprocess.run([FLEETGEN, str(generated), "--modules", "1000"], check=True, capture_output=True)
        nix_files = sorted(p for p in generated.rglob("*.nix"))
        module = next(p for p in nix_files if "services" in p.parts).relative_to(generated)
        print(f"qg-lsp {SERVER}; example fleet: {len(list(example.rglob('*.nix')))} .nix files; "
              f"generated: {len(nix_files)} .nix files")
        for debounce in (None, 0):
            await bench("examples/qgroget", example, "modules/shared/remote-access.nix", debounce)
            await bench("fleetgen --modules 1000", generated, str(module), debounce)


if __name__ == "__main__":
    asyncio.run(main())
