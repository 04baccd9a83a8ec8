"""End-to-end tests of qg-lsp's evaluated navigation on the example fleet (pytest-lsp): option
values in hovers, definitions of `config.` selections, sops secrets (definition, hover,
completion, rename refusal) and inlay hints, on host `Server`."""

from __future__ import annotations

import asyncio
import pathlib
import shutil

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import REPO, initialize, open_doc, position_of, push_capabilities, uri, wait_for

EXAMPLE = REPO / "examples/qgroget"


@pytest.fixture
def example(tmp_path) -> pathlib.Path:
    if not (EXAMPLE / "flake.nix").exists():
        pytest.skip("examples/qgroget is not there")
    target = tmp_path / "qgroget"
    shutil.copytree(EXAMPLE, target)
    return target


def doc(path: pathlib.Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri(path))


async def start(client, example: pathlib.Path, path: str) -> tuple[pathlib.Path, str]:
    await initialize(client, [example], options={"host": "Server"})
    file = example / path
    open_doc(client, file)
    return file, file.read_text()


async def test_hover_shows_the_value_on_the_host(client, example):
    path, text = await start(client, example, "modules/server/misc/portfolio.nix")
    at = position_of(text, 'type = "public"', 1)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=at))
    value = hover.contents.value
    assert "qgroget.services.<name>.type" in value
    assert value.endswith('Value on `Server`: `"public"`'), value
    # An option nixpkgs declares, defined by the flake.
    at = position_of(text, "enable = true", 1)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=at))
    assert hover.contents.value == "```\nservices.portfolio.enable\n```\nValue on `Server`: `true`"


async def test_definition_of_config_selection_lists_every_definition(client, example):
    path, text = await start(client, example, "modules/shared/users.nix")
    at = position_of(text, "config.networking.networkmanager.enable", len("config.networking.network"))
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(path), position=at))
    assert isinstance(found, list)
    assert [(l.uri, l.range.start.line) for l in found] == [
        (uri(example / "modules/system/networking.nix"), 7),
        (uri(example / "hosts/Server/configuration.nix"), 14),
    ]


async def test_secret_definition_hover_completion_and_rename(client, example):
    path, text = await start(client, example, "modules/shared/remote-access.nix")
    reference = position_of(text, 'config.sops.secrets."tailscale/auth_key"', len('config.sops.secrets."tail'))
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(path), position=reference))
    assert found.uri == uri(example / "secrets/secrets.yaml")
    assert (found.range.start.line, found.range.start.character) == (3, 4)
    assert (found.range.end.line, found.range.end.character) == (3, 12)

    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=reference))
    value = hover.contents.value
    assert value.startswith(
        "secret `tailscale/auth_key`: key `tailscale/auth_key` in `secrets/secrets.yaml` line 4"), value
    assert "declared in `modules/shared/remote-access.nix:22`" in value
    assert "ENC[" not in value

    inside = position_of(text, 'sops.secrets."tailscale/auth_key" = {}', len('sops.secrets."tailscale/'))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=inside))
    items = result.items if isinstance(result, types.CompletionList) else result
    item = next(i for i in items if i.label == "tailscale/auth_key")
    assert item.detail == "key of secrets/secrets.yaml"
    assert item.text_edit.range.start == types.Position(line=inside.line, character=inside.character - len("tailscale/"))
    assert item.text_edit.range.end == inside
    assert all(i.label.startswith("tailscale/") for i in items)

    with pytest.raises(JsonRpcException, match="qg does not rename secrets: the sops file is encrypted and signed"):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc(path), position=reference))
    with pytest.raises(JsonRpcException, match="rename the key with `sops` and then the references"):
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc(path), position=inside, new_name="other"))


async def test_inlay_hints(client, example):
    result = await initialize(client, [example], options={"host": "Server"})
    assert result.capabilities.inlay_hint_provider
    path = example / "modules/server/misc/portfolio.nix"
    open_doc(client, path)
    text = path.read_text()
    lines = text.count("\n")
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc(path),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=lines, character=0)),
    ))
    after = position_of(text, "${config.qgroget.server.domain}", len("${config.qgroget.server.domain}"))
    assert [(h.position.line, h.position.character, h.label) for h in hints] == [
        (after.line, after.character, '= "qgroget.com"'),
    ]
    users = example / "modules/shared/users.nix"
    open_doc(client, users)
    text = users.read_text()
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc(users),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=text.count("\n"), character=0)),
    ))
    after = position_of(text, "config.networking.networkmanager.enable", len("config.networking.networkmanager.enable"))
    assert (after.line, after.character, "= false") in [(h.position.line, h.position.character, h.label) for h in hints]


async def test_without_host_setting_the_first_host_that_reads_the_file(client, example):
    await initialize(client, [example])
    path = example / "modules/server/misc/portfolio.nix"
    open_doc(client, path)
    text = path.read_text()
    at = position_of(text, 'type = "public"', 1)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=at))
    assert hover.contents.value.endswith(
        'Value on `Server` (the first host that reads this file; set `qg.host` to choose): `"public"`'
    ), hover.contents.value


async def test_host_switch_refreshes_inlay_hints(client, example):
    caps = push_capabilities()
    caps.workspace.inlay_hint = types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
    refreshes = []

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def refresh(params):
        refreshes.append(params)

    await initialize(client, [example], caps=caps, options={"host": "Server"})
    path = example / "modules/shared/remote-access.nix"
    open_doc(client, path)
    text = path.read_text()
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=text.count("\n"), character=0))
    after = position_of(text, "config.qgroget.nixos.isDesktop", len("config.qgroget.nixos.isDesktop"))

    async def hint_at_selection():
        hints = await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc(path), range=whole))
        return [h.label for h in hints if (h.position.line, h.position.character) == (after.line, after.character)]

    assert await hint_at_selection() == ["= false"]
    client.set_configuration({"host": "Clovis"}, section="qg")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: refreshes, what="workspace/inlayHint/refresh")
    # The refresh may be the one of the first settings pull: ask until the new host answers.
    for _ in range(500):
        labels = await hint_at_selection()
        if labels == ["= true"]:
            break
        await asyncio.sleep(0.02)
    assert labels == ["= true"]
