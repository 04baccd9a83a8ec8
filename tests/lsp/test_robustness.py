"""Every request on every fixture, broken or not, gets an answer and never kills qg-lsp.

For each fleet under tests/fixtures (and the example fleet) the server is initialized on a
copy and the first Nix and YAML files are opened. For each file the client asks for its
document symbols, inlay hints and code actions, and at up to 12 positions spread over it
(names, strings, paths) for hover, completion, definition, references and prepare-rename.
Answers may be empty or a clear JSON-RPC error (rename refusals); the server must log no
internal error and still answer a final request."""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import REPO, initialize, open_doc, uri

FIXTURES = sorted(p for p in (REPO / "tests/fixtures").iterdir() if p.is_dir())
FLEETS = FIXTURES + [REPO / "examples/qgroget"]
TOKEN = re.compile(r'[A-Za-z_][A-Za-z0-9_\'-]*|"[^"\n]*"|\./[^\s;]+')
PER_FILE = 12


def positions(text: str) -> list[types.Position]:
    lines = text.splitlines()
    found = []
    for n, line in enumerate(lines):
        for m in TOKEN.finditer(line):
            found.append(types.Position(line=n, character=m.start() + min(2, len(m.group()) - 1)))
    if len(found) <= PER_FILE:
        return found
    step = len(found) / PER_FILE
    return [found[int(i * step)] for i in range(PER_FILE)]


async def ask(coro):
    try:
        return await coro
    except JsonRpcException:
        return None  # a clear refusal is an answer


@pytest.mark.parametrize("source", FLEETS, ids=[p.name for p in FLEETS])
async def test_every_request_on_every_fleet(client, tmp_path, source):
    fleet = tmp_path / "fleet"
    shutil.copytree(source, fleet)
    await initialize(client, [fleet], options={})
    files = sorted(p for p in fleet.rglob("*") if p.suffix in (".nix", ".yaml") and p.is_file())[:12]
    for path in files:
        text = open_doc(client, path)
        doc = types.TextDocumentIdentifier(uri=uri(path))
        whole = types.Range(start=types.Position(line=0, character=0),
                            end=types.Position(line=len(text.splitlines()) + 1, character=0))
        await ask(client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc)))
        await ask(client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc, range=whole)))
        await ask(client.text_document_code_action_async(types.CodeActionParams(
            text_document=doc, range=whole, context=types.CodeActionContext(diagnostics=[]))))
        for at in positions(text):
            tdp = dict(text_document=doc, position=at)
            await ask(client.text_document_hover_async(types.HoverParams(**tdp)))
            await ask(client.text_document_completion_async(types.CompletionParams(**tdp)))
            await ask(client.text_document_definition_async(types.DefinitionParams(**tdp)))
            await ask(client.text_document_references_async(types.ReferenceParams(
                **tdp, context=types.ReferenceContext(include_declaration=True))))
            await ask(client.text_document_prepare_rename_async(types.PrepareRenameParams(**tdp)))
    # Still alive and answering.
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="a"))
    assert symbols is not None
    assert not any("internal error" in m.message for m in client.log_messages), [
        m.message for m in client.log_messages if "internal error" in m.message]
