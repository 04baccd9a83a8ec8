"""End-to-end tests of qg-lsp with a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import (
    BROKEN,
    JELLYFIN,
    SERVER,
    change_doc,
    codes,
    default_fleet,
    initialize,
    open_doc,
    position_of,
    pull_capabilities,
    replace,
    uri,
    wait_for,
    wait_for_diagnostics,
    write_fleet,
)


def test_version_and_help():
    out = subprocess.run([SERVER, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("qg-lsp ")
    out = subprocess.run([SERVER, "--help"], capture_output=True, text=True, check=True)
    assert "--stdio" in out.stdout
    bad = subprocess.run([SERVER, "--bogus"], capture_output=True, text=True)
    assert bad.returncode == 2


async def test_capabilities(client, fleet):
    result = await initialize(client, [fleet])
    caps = result.capabilities
    assert result.server_info.name == "qg-lsp"
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    for provider in ("hover_provider", "completion_provider", "definition_provider", "references_provider",
                     "rename_provider", "document_symbol_provider", "workspace_symbol_provider",
                     "code_action_provider"):
        assert getattr(caps, provider), provider
    assert caps.diagnostic_provider is None  # this client does not pull


async def test_push_diagnostics_for_closed_files(client, fleet):
    await initialize(client, [fleet])
    broken = fleet / "modules/broken.nix"
    found = await wait_for_diagnostics(client, broken, lambda d: len(d) == 2)
    assert codes(found) == ["QG002", "QG004"]
    undefined = next(d for d in found if d.code == "QG002")
    assert undefined.message == "undefined variable `pkgs`"
    assert undefined.severity == types.DiagnosticSeverity.Error
    assert undefined.source == "qg"
    assert undefined.range.start == types.Position(line=1, character=33)
    assert undefined.code_description.href.startswith("file://")
    assert undefined.code_description.href.endswith("/docs/rules/QG002.md")
    duplicate = next(d for d in found if d.code == "QG004")
    assert duplicate.related_information, "QG004 names the first definition"
    related = duplicate.related_information[0]
    assert related.location.uri == uri(broken)
    assert related.location.range.start.line == 2
    assert uri(fleet / "modules/jellyfin.nix") not in client.diagnostics  # clean, never opened


async def test_diagnostics_follow_edits_and_clear(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    await wait_for_diagnostics(client, path, lambda d: len(d) == 0)
    # Rename the only use of `cfg`: `cfg` becomes unused, `cfx` undefined.
    text = path.read_text()
    at = position_of(text, "cfg.enable")
    change_doc(client, path, 2, [replace((at.line, at.character), (at.line, at.character + 3), "cfx")])
    found = await wait_for_diagnostics(client, path, lambda d: len(d) == 2)
    assert codes(found) == ["QG002", "QG003"]
    unused = next(d for d in found if d.code == "QG003")
    assert list(unused.tags) == [types.DiagnosticTag.Unnecessary]
    assert unused.severity == types.DiagnosticSeverity.Warning
    change_doc(client, path, 3, [replace((at.line, at.character), (at.line, at.character + 3), "cfg")])
    assert len(await wait_for_diagnostics(client, path, lambda d: len(d) == 0)) == 0


async def test_code_action_quick_fix(client, tmp_path):
    fleet = write_fleet(tmp_path / "f", {"flake.nix": "{ outputs = _: { }; }\n",
                                         "a.nix": "let\n  used = 1;\n  unused = 2;\nin used\n"})
    await initialize(client, [fleet])
    path = fleet / "a.nix"
    open_doc(client, path)
    (diagnostic,) = await wait_for_diagnostics(client, path, lambda d: len(d) == 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    (action,) = actions
    assert action.title == "remove `unused`"
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.diagnostics[0].code == "QG003"
    (edit,) = action.edit.changes[uri(path)]
    assert edit.new_text == ""
    assert (edit.range.start.line, edit.range.end.line) == (2, 3)


async def test_completion_locals_and_builtins(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    text = path.read_text()
    # A variable position: locals first, innermost first, then globals.
    at = position_of(text, "[ pkgs.jellyfin ]", 2)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=at)
    )
    ordered = [i.label for i in sorted(result.items, key=lambda i: i.sort_text)]
    assert ordered.index("cfg") < ordered.index("map")
    assert {"cfg", "port", "config", "lib", "pkgs", "builtins", "toString"} <= set(ordered)
    kinds = {i.label: i.kind for i in result.items}
    assert kinds["cfg"] == types.CompletionItemKind.Variable
    assert kinds["toString"] == types.CompletionItemKind.Function
    # Replace `builtins.map` by `builtins.ma` and complete after it.
    at = position_of(text, "builtins.map", len("builtins.ma"))
    change_doc(client, path, 2, [replace((at.line, at.character), (at.line, at.character + 1), "")])
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=at)
    )
    labels = [i.label for i in sorted(result.items, key=lambda i: i.sort_text)]
    assert labels[:3] == ["map", "mapAttrs", "match"]
    assert all(label.startswith("ma") for label in labels)


async def test_hover_variable_and_builtin(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    text = path.read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "cfg.enable", 1))
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "let binding `cfg`, bound at line 3" in hover.contents.value
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "map (p", 1))
    )
    assert "builtins.map f list" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "= 8096", 3))
    )
    assert nothing is None


async def test_definition_of_variable_and_import_path(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    text = path.read_text()
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri(path)), position=position_of(text, "cfg.enable"))
    )
    assert found.uri == uri(path)
    assert found.range.start == types.Position(line=2, character=2)
    host = fleet / "hosts/server/default.nix"
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri(host)),
                               position=position_of(host.read_text(), "jellyfin.nix"))
    )
    assert found.uri == uri(path)
    flake = fleet / "flake.nix"
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri(flake)),
                               position=position_of(flake.read_text(), "./hosts/server", 3))
    )
    assert found.uri == uri(fleet / "hosts/server/default.nix")


async def test_options_completion_hover_definition_and_hosts(client, fleet):
    flake = (fleet / "flake.nix").read_text()
    (fleet / "flake.nix").write_text(
        flake.replace("{\n", '{\n  inputs.nixpkgs.url = "github:nixos/nixpkgs/nixos-unstable";\n', 1))
    await initialize(client, [fleet])
    hosts = await client.protocol.send_request_async("qg/listHosts", None)
    assert list(hosts) == ["server"]
    path = fleet / "hosts/server/default.nix"
    open_doc(client, path)
    text = path.read_text()
    at = position_of(text, "networking")
    change_doc(client, path, 2, [replace((at.line, at.character), (at.line, at.character),
                                         "qgroget.services.jellyfin.enable = true;\n  ")])
    key = types.Position(line=at.line, character=at.character + len("qgroget.services.jellyfin.en"))
    doc = types.TextDocumentIdentifier(uri=uri(path))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=key))
    enable = next(i for i in result.items if i.label == "enable")
    assert enable.kind == types.CompletionItemKind.Property
    assert enable.detail == "boolean"
    assert "Whether to enable jellyfin" in enable.documentation.value
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=key))
    assert "qgroget.services.jellyfin.enable" in hover.contents.value
    assert "declared at `modules/jellyfin.nix:7`" in hover.contents.value
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=key))
    assert found.uri == uri(fleet / "modules/jellyfin.nix")
    assert found.range.start.line == 6


async def test_references_and_rename(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    text = path.read_text()
    doc = types.TextDocumentIdentifier(uri=uri(path))
    at = position_of(text, "cfg =")
    refs = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc, position=at, context=types.ReferenceContext(include_declaration=True))
    )
    assert [(r.range.start.line, r.range.start.character) for r in refs] == [(2, 2), (8, 20)]
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc, position=at))
    assert prepared.start == types.Position(line=2, character=2)
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=at, new_name="settings"))
    assert sorted(e.range.start.line for e in edit.changes[uri(path)]) == [2, 8]
    assert all(e.new_text == "settings" for e in edit.changes[uri(path)])
    with pytest.raises(JsonRpcException, match="callers pass it by name"):
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=position_of(text, "pkgs, ..."), new_name="p")
        )
    with pytest.raises(JsonRpcException, match="is a Nix builtin"):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc, position=position_of(text, "map (p"))
        )


async def test_document_and_workspace_symbols(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri(path)))
    )
    outline = [(s.name, s.kind) for s in symbols]
    assert outline == [
        ("cfg", types.SymbolKind.Variable),
        ("port", types.SymbolKind.Variable),
        ("options.qgroget.services.jellyfin", types.SymbolKind.Namespace),
        ("config", types.SymbolKind.Namespace),
    ]
    assert [c.name for c in symbols[3].children] == ["services.jellyfin.enable", "environment.systemPackages"]
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="jellyfin"))
    names = [(s.name, s.location.uri) for s in found]
    assert ("options.qgroget.services.jellyfin", uri(path)) in names
    assert ("config.services.jellyfin.enable", uri(path)) in names
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="nixosConfigurations"))
    assert found[0].name == "outputs.nixosConfigurations.server"
    assert found[0].location.uri == uri(fleet / "flake.nix")


async def test_pull_diagnostics(client, fleet):
    result = await initialize(client, [fleet], caps=pull_capabilities())
    assert result.capabilities.diagnostic_provider.identifier == "qg"
    broken = fleet / "modules/broken.nix"
    await wait_for_diagnostics(client, broken, lambda d: len(d) == 2)  # pushed while closed
    open_doc(client, broken)
    await wait_for_diagnostics(client, broken, lambda d: len(d) == 0)  # now the client pulls it
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri(broken)))
    )
    assert report.kind == "full"
    assert codes(report.items) == ["QG002", "QG004"]
    workspace = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {item.uri: item.items for item in workspace.items}
    assert codes(by_uri[uri(broken)]) == ["QG002", "QG004"]
    assert len(by_uri[uri(fleet / "modules/jellyfin.nix")]) == 0


async def test_settings_from_initialization_options_and_configuration(client, fleet):
    await initialize(client, [fleet], options={"rules": {"undefined-variable": "allow", "QG004": "hint"}})
    broken = fleet / "modules/broken.nix"
    (only,) = await wait_for_diagnostics(client, broken, lambda d: len(d) == 1)
    assert only.code == "QG004"
    assert only.severity == types.DiagnosticSeverity.Hint
    client.set_configuration({"rules": {"QG004": "allow"}}, section="qg")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: client.diagnostics.get(uri(broken)) == (), what="QG004 allowed")
    client.set_configuration({"colour": "red"}, section="qg")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: any("unknown setting `qg.colour`" in m.message for m in client.messages), what="warning")


async def test_file_changed_on_disk(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    broken = fleet / "modules/broken.nix"
    await wait_for_diagnostics(client, broken, lambda d: len(d) == 2)
    path.write_text(JELLYFIN.replace("cfg.enable", "cfx.enable"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri(path), type=types.FileChangeType.Changed)])
    )
    found = await wait_for_diagnostics(client, path, lambda d: len(d) == 2)
    assert codes(found) == ["QG002", "QG003"]
    # A new qg.toml turns QG002 off for the whole flake.
    (fleet / "qg.toml").write_text('[rules]\nQG002 = "allow"\n')
    broken.unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=uri(fleet / "qg.toml"), type=types.FileChangeType.Created),
            types.FileEvent(uri=uri(broken), type=types.FileChangeType.Deleted),
        ])
    )
    assert codes(await wait_for_diagnostics(client, path, lambda d: len(d) == 1)) == ["QG003"]
    await wait_for_diagnostics(client, broken, lambda d: len(d) == 0)


async def test_burst_of_200_edits(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    await wait_for_diagnostics(client, path, lambda d: len(d) == 0)
    text = path.read_text()
    at = position_of(text, "  port = 8096;")
    # Each edit appends one unused binding `uN = N;` on the line of `port`; edit 200 leaves
    # 100 of them (every even edit deletes what the odd one before it added, except the last 100).
    version = 1
    lines_added = 0
    for i in range(200):
        version += 1
        if i < 100 and i % 2 == 1:
            # undo the previous insertion
            change_doc(client, path, version, [replace((at.line, 0), (at.line + 1, 0), "")])
            lines_added -= 1
        else:
            change_doc(client, path, version, [replace((at.line, 0), (at.line, 0), f"  u{i} = {i};\n")])
            lines_added += 1
        if i % 50 == 0:
            await asyncio.sleep(0)  # let the transport breathe, as a typing user would
    final = await wait_for_diagnostics(client, path, lambda d: len(d) == lines_added, timeout=20)
    assert all(d.code == "QG003" for d in final)
    assert lines_added == 100
    # The server is alive and its text is the final one: hover a binding added last.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(path)),
                          position=types.Position(line=at.line, character=3))
    )
    assert "let binding `u199`" in hover.contents.value


async def test_cancel_request(client, fleet):
    await initialize(client, [fleet])
    started = asyncio.get_running_loop().time()
    request = asyncio.ensure_future(client.protocol.send_request_async("qg/debugSlow", {"millis": 10000}, msg_id="slow-1"))
    await asyncio.sleep(0.2)
    cancel_request(client, "slow-1")
    with pytest.raises(JsonRpcException) as error:
        await asyncio.wait_for(request, 5)
    assert error.value.code == -32800  # RequestCancelled
    assert asyncio.get_running_loop().time() - started < 3


def cancel_request(client, request_id):
    """Sends `$/cancelRequest`. pygls 2.1's `cancel_request` drops the params when it
    serialises them, so the notification is built by hand."""
    from pygls.protocol import JsonRPCNotification

    client.protocol._send_data(JsonRPCNotification(method="$/cancelRequest", params={"id": request_id}, jsonrpc="2.0"))


async def test_edit_cancels_stale_work_which_is_retried(client, fleet):
    await initialize(client, [fleet])
    path = fleet / "modules/jellyfin.nix"
    open_doc(client, path)
    await wait_for_diagnostics(client, path, lambda d: len(d) == 0)
    started = asyncio.get_running_loop().time()
    request = asyncio.ensure_future(client.protocol.send_request_async("qg/debugSlow", {"millis": 1500}, msg_id="slow-2"))
    await asyncio.sleep(0.3)
    text = path.read_text()
    at = position_of(text, "cfg.enable")
    change_doc(client, path, 2, [replace((at.line, at.character), (at.line, at.character + 3), "cfx")])
    # The edit is not held up by the running job: its diagnostics come well before the job ends.
    await wait_for_diagnostics(client, path, lambda d: len(d) == 2, timeout=1.0)
    assert asyncio.get_running_loop().time() - started < 1.5
    assert await asyncio.wait_for(request, 10) == "done"


async def test_panic_is_contained(client, fleet):
    await initialize(client, [fleet])
    with pytest.raises(JsonRpcException, match="deliberate panic"):
        await client.protocol.send_request_async("qg/debugPanic", {})
    await wait_for(lambda: any("internal error in qg/debugPanic" in m.message for m in client.log_messages), what="log")
    path = fleet / "modules/jellyfin.nix"
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(path)),
                          position=position_of(JELLYFIN, "cfg.enable"))
    )
    assert "let binding" in hover.contents.value


async def test_several_folders_and_nested_flakes(client, tmp_path):
    one = default_fleet(tmp_path / "one")
    two = write_fleet(tmp_path / "two", {
        "flake.nix": "{ outputs = _: { }; }\n",
        "a.nix": "{ x = y; }\n",
        "nested/flake.nix": "{ outputs = _: { }; }\n",
        "nested/b.nix": "let unused = 1; in 2\n",
    })
    await initialize(client, [one, two])
    assert codes(await wait_for_diagnostics(client, two / "a.nix", lambda d: len(d) == 1)) == ["QG002"]
    assert codes(await wait_for_diagnostics(client, two / "nested/b.nix", lambda d: len(d) == 1)) == ["QG003"]
    assert codes(await wait_for_diagnostics(client, one / "modules/broken.nix", lambda d: len(d) == 2)) == ["QG002", "QG004"]
    # Rename in the nested flake edits only files of the nested flake.
    nested = two / "nested/b.nix"
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri(nested)),
        position=types.Position(line=0, character=5), new_name="kept"))
    assert list(edit.changes) == [uri(nested)]


async def test_file_outside_any_flake(client, tmp_path):
    loose = write_fleet(tmp_path / "loose", {"x.nix": "let a = 1; in b\n"})
    await initialize(client, [loose])
    path = loose / "x.nix"
    open_doc(client, path)
    found = await wait_for_diagnostics(client, path, lambda d: len(d) == 2)
    assert codes(found) == ["QG002", "QG003"]


async def test_files_outside_flakes_are_rooted_at_their_folders(client, tmp_path):
    """Each loose file's host is rooted at its own folder (not `/`): files of two folders
    keep their own diagnostics, and an import between siblings resolves."""
    one = write_fleet(tmp_path / "one", {"a.nix": "let unused = 1; in import ./b.nix\n", "b.nix": "{ }\n"})
    two = write_fleet(tmp_path / "two", {"c.nix": "{ x = y; }\n"})
    await initialize(client, [one, two])
    open_doc(client, one / "a.nix")
    open_doc(client, two / "c.nix")
    assert codes(await wait_for_diagnostics(client, one / "a.nix", lambda d: len(d) == 1)) == ["QG003"]
    assert codes(await wait_for_diagnostics(client, two / "c.nix", lambda d: len(d) == 1)) == ["QG002"]
