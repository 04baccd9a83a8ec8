"""End-to-end tests of qg-lsp's fleet features on the example fleet (pytest-lsp), host `Server`:
services (hover, references across files, rename), Traefik middlewares and systemd units
(completion inside their strings, hover, definition), references of an option path across
the fleet, and cross-reference diagnostics from the knowledge packs."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from lsprotocol import types

from conftest import REPO, initialize, open_doc, position_of, uri, wait_for_diagnostics

EXAMPLE = REPO / "examples/qgroget"
JELLYFIN = "modules/server/media/video/jellyfin.nix"
LINKS = "modules/server/links.nix"


@pytest.fixture
def example(tmp_path) -> pathlib.Path:
    if not (EXAMPLE / "flake.nix").exists():
        pytest.skip("examples/qgroget is not there")
    target = tmp_path / "qgroget"
    shutil.copytree(EXAMPLE, target)
    # A module that reads a service of another file (no host imports it: references are
    # searched in every file of the flake).
    (target / LINKS).write_text(
        "{ config, ... }: {\n"
        "  environment.etc.\"jellyfin-url\".text = config.qgroget.services.jellyfin.url;\n"
        "}\n"
    )
    return target


def doc(path: pathlib.Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri(path))


async def start(client, example: pathlib.Path, path: str) -> tuple[pathlib.Path, str]:
    await initialize(client, [example], options={"host": "Server"})
    file = example / path
    open_doc(client, file)
    return file, file.read_text()


def places(locations, root: pathlib.Path) -> list[tuple[str, int]]:
    return sorted((l.uri[len(uri(root)) + 1:], l.range.start.line + 1) for l in locations)


async def test_service_hover_references_and_rename(client, example):
    path, text = await start(client, example, JELLYFIN)
    at = position_of(text, "qgroget.services.jellyfin", len("qgroget.services.jell"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=at))
    value = hover.contents.value
    assert value.startswith("**service `jellyfin`** on `Server`"), value
    assert "- URL: `http://127.0.0.1:8096`" in value
    assert "- unit: `jellyfin.service`" in value

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(path), position=at, context=types.ReferenceContext(include_declaration=True)))
    assert places(refs, example) == [(LINKS, 2), (JELLYFIN, 60)]

    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(path), position=at))
    assert prepared.start.line == 59
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(path), position=at, new_name="media"))
    changed = {u[len(uri(example)) + 1:]: [(e.range.start.line + 1, e.new_text) for e in edits]
               for u, edits in edit.changes.items()}
    assert changed == {JELLYFIN: [(60, "media")], LINKS: [(2, "media")]}


async def test_middlewares_complete_hover_and_go_to_their_definition(client, example):
    path, text = await start(client, example, JELLYFIN)
    inside = position_of(text, '"jellyfin-headers" "rate-limit"', len('"jellyfin-headers" "'))
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=inside))
    items = found.items if isinstance(found, types.CompletionList) else found
    labels = [i.label for i in items]
    assert labels == ["SSO", "jellyfin-headers", "rate-limit", "secure-headers"], labels

    on_name = position_of(text, '"rate-limit"', 3)
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(path), position=on_name))
    loc = definition[0] if isinstance(definition, list) else definition
    assert (loc.uri, loc.range.start.line + 1) == (uri(example / "modules/server/traefik/default.nix"), 57)

    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(path), position=on_name))
    assert hover.contents.value.startswith("**middleware `rate-limit`** on `Server`"), hover.contents.value

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(path), position=on_name, context=types.ReferenceContext(include_declaration=True)))
    files = {f for f, _ in places(refs, example)}
    assert {"modules/server/traefik/default.nix", JELLYFIN} <= files, files


async def test_units_complete_in_unit_names(client, example):
    path, text = await start(client, example, JELLYFIN)
    inside = position_of(text, 'unitName = "jellyfin', len('unitName = "jelly'))
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=inside))
    items = found.items if isinstance(found, types.CompletionList) else found
    assert [i.label for i in items] == ["jellyfin.service", "jellyseerr.service"]
    assert items[0].detail.startswith("unit of `Server`")


async def test_option_references_across_the_fleet(client, example):
    path, text = await start(client, example, JELLYFIN)
    at = position_of(text, "persistedData", 2)
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(path), position=at, context=types.ReferenceContext(include_declaration=True)))
    files = {f for f, _ in places(refs, example)}
    assert len(files) >= 10, files
    assert {JELLYFIN, "modules/server/arrs/radarr.nix", "modules/server/arrs/sonarr.nix"} <= files, files


async def test_cross_reference_diagnostic_with_related_place(client, example):
    radarr = example / "modules/server/arrs/radarr.nix"
    sonarr = example / "modules/server/arrs/sonarr.nix"
    sonarr_text = sonarr.read_text()
    # radarr's URL is `http://127.0.0.1:${toString port}` with `port = 7878;`: copy it.
    assert "port = 7878;" in radarr.read_text()
    sonarr_url = next(l for l in sonarr_text.splitlines() if "url =" in l).split('"')[1]
    sonarr.write_text(sonarr_text.replace(sonarr_url, "http://127.0.0.1:7878", 1))
    await initialize(client, [example], options={"host": "Server"})
    found = await wait_for_diagnostics(client, sonarr, lambda ds: any(d.code == "QG306" for d in ds), timeout=30)
    d = next(d for d in found if d.code == "QG306")
    line = next(i for i, l in enumerate(sonarr.read_text().splitlines()) if "url =" in l)
    assert d.range.start.line == line
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.code_description.href.endswith("QG306.md")
    assert d.related_information[0].location.uri == uri(radarr)


async def test_knowledge_pack_changes_on_disk_are_read(client, tmp_path):
    fixture = REPO / "tests/fixtures/qg201-secret-name-typo"
    fleet = tmp_path / "fleet"
    shutil.copytree(fixture, fleet)
    module = fleet / "modules/server/jellyfin.nix"
    module.write_text(
        "{config, ...}: {\n"
        "  sops.secrets.\"jellyfin/admin_password\".owner = \"mediasrv\";\n"
        "  services.media-server.enable = true;\n"
        # The host imports sops-nix, a module qg cannot read, so an unknown owner is only
        # reported when it is one edit from a user qg knows.
        "  users.users.mediasrw.isSystemUser = true;\n"
        "}\n"
    )
    (fleet / "qg.toml").write_text('packs = ["queries"]\n')
    (fleet / "queries").mkdir()
    await initialize(client, [fleet])
    found = await wait_for_diagnostics(client, module, lambda ds: any(d.code == "QG203" for d in ds), timeout=30)
    assert [d.range.start.line for d in found if d.code == "QG203"] == [1]
    pack = fleet / "queries/homelab.toml"
    pack.write_text(
        '[pack]\nname = "homelab"\n\n[[entity]]\nkind = "user"\n'
        'when = "services.media-server.enable"\nnames = ["mediasrv"]\n'
    )
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=uri(pack), type=types.FileChangeType.Created)]))
    await wait_for_diagnostics(client, module, lambda ds: not any(d.code == "QG203" for d in ds), timeout=30)
