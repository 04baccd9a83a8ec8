"""NixOS's own options in the editor (pytest-lsp): a fleet of the miniature nixpkgs
(tests/nixpkgs-mini/fleets/clean) with the miniature given to the server as its `nixpkgs`
input (the `inputs` setting, or `[inputs]` of qg.toml). Completion of option names and
enum values, hover (type, description, default, example, a link to the declaring module),
go to declaration into the nixpkgs tree, and inlay hints of values that come from NixOS
modules' defaults."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from lsprotocol import types

from conftest import REPO, change_doc, initialize, open_doc, position_of, replace, uri

MINI = REPO / "tests/nixpkgs-mini"
WEBSERVER = "nixos/modules/services/web-servers/webserver/default.nix"
NETWORKING = "nixos/modules/config/networking.nix"
USERS = "nixos/modules/config/users-groups.nix"
HOST = "hosts/web.nix"
SITE = "modules/site.nix"


@pytest.fixture
def fleet(tmp_path) -> pathlib.Path:
    target = tmp_path / "fleet"
    shutil.copytree(MINI / "fleets/clean", target)
    return target


def doc(path: pathlib.Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri(path))


def declaration(rel: str, name: str) -> types.Range:
    """The range of the option name `name` in `name = mkOption` of a miniature's module."""
    text = (MINI / rel).read_text()
    at = position_of(text, f"{name} = mkOption")
    return types.Range(start=at, end=types.Position(line=at.line, character=at.character + len(name)))


async def start(client, fleet: pathlib.Path, rel: str, options=None) -> tuple[pathlib.Path, str]:
    if options is None:
        options = {"inputs": {"nixpkgs": str(MINI)}}
    await initialize(client, [fleet], options=options)
    path = fleet / rel
    open_doc(client, path)
    return path, path.read_text()


async def complete(client, path: pathlib.Path, at: types.Position) -> list[types.CompletionItem]:
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(path), position=at))
    return found.items if isinstance(found, types.CompletionList) else found


async def test_completion_lists_nixos_options_and_enum_values(client, fleet):
    path, text = await start(client, fleet, HOST)
    # After `services.`: the miniature's services; `services.oldsyslog` (removed: hidden)
    # is not offered.
    items = await complete(client, path, position_of(text, "services.webserver = {", len("services.")))
    assert [(i.label, i.kind, i.detail) for i in items] == [
        ("pinger", types.CompletionItemKind.Module, "option namespace"),
        ("snapshotd", types.CompletionItemKind.Module, "option namespace"),
        ("webserver", types.CompletionItemKind.Module, "option namespace"),
    ]
    # A key inside `services.webserver = { ... }`: the web server module's options
    # (`stateDir`, renamed to `dataDir`, is hidden).
    items = await complete(client, path, position_of(text, "port = 8081"))
    options = [i for i in items if i.kind == types.CompletionItemKind.Property]
    assert [i.label for i in options] == [
        "dataDir", "enable", "extraConfig", "group", "logFormat", "openFirewall", "package",
        "port", "user", "virtualHosts",
    ]
    log = next(i for i in options if i.label == "logFormat")
    assert log.detail == 'one of "common", "combined", "json"'
    assert log.documentation.value == 'The format of the access log.\n\nDefault: `"common"`'
    # The value of the enum option, once removed: its three values first.
    at = position_of(text, '"json"')
    change_doc(client, path, 2, [replace((at.line, at.character), (at.line, at.character + len('"json"')), "")])
    items = await complete(client, path, at)
    assert [(i.label, i.kind) for i in items[:4]] == [
        ('"combined"', types.CompletionItemKind.EnumMember),
        ('"common"', types.CompletionItemKind.EnumMember),
        ('"json"', types.CompletionItemKind.EnumMember),
        ("config", types.CompletionItemKind.Variable),
    ]


async def test_hover_shows_type_description_default_example_and_declaration(client, fleet):
    path, text = await start(client, fleet, HOST)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(path), position=position_of(text, "logFormat", 3)))
    line = declaration(WEBSERVER, "logFormat").start.line + 1
    assert hover.contents.value == (
        "```\nservices.webserver.logFormat\n```\n"
        '*one of "common", "combined", "json"*\n\n'
        "The format of the access log.\n\n"
        'Default: `"common"`\n\n'
        f"declared in [`{WEBSERVER}:{line}`]({(MINI / WEBSERVER).as_uri()}#L{line})\n\n"
        'Value on `web` (the first host that reads this file; set `qg.host` to choose): `"json"`'
    )
    assert hover.range.start == position_of(text, "logFormat")
    # An option with an example and a value computed by another module's default.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(path), position=position_of(text, "hosts = [", 2)))
    line = (MINI / "nixos/modules/services/networking/pinger.nix").read_text().split("\n").index(
        "    hosts = mkOption {") + 1
    assert hover.contents.value == (
        "```\nservices.pinger.hosts\n```\n*list of string*\n\n"
        "The hosts pinged.\n\n"
        "Default: `[ ]`\n\n"
        'Example: `[ "192.0.2.1" "router.home.arpa" ]`\n\n'
        f"declared in [`nixos/modules/services/networking/pinger.nix:{line}`]"
        f"({(MINI / 'nixos/modules/services/networking/pinger.nix').as_uri()}#L{line})\n\n"
        'Value on `web` (the first host that reads this file; set `qg.host` to choose): '
        '`[ "192.0.2.1" "web.example.org" ]`'
    )


async def test_go_to_declaration_lands_in_the_nixpkgs_tree(client, fleet):
    path, text = await start(client, fleet, HOST)
    cases = [
        # A key in a nested set, a key below `users.users.<name>`, a `config.` selection.
        (position_of(text, "hostName", 2), NETWORKING, declaration(NETWORKING, "hostName")),
        (position_of(text, "isNormalUser", 2), USERS, declaration(USERS, "isNormalUser")),
        (position_of(text, "config.networking.fqdn", len("config.networking.f")), NETWORKING,
         declaration(NETWORKING, "fqdn")),
    ]
    for at, rel, expected in cases:
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc(path), position=at))
        loc = found[0] if isinstance(found, list) else found
        assert (loc.uri, loc.range) == ((MINI / rel).as_uri(), expected), rel


async def test_inlay_hints_show_defaults_of_nixos_modules(client, fleet):
    path, text = await start(client, fleet, SITE)
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=doc(path),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(text.splitlines()), character=0))))
    # `config.services.webserver.user` is never set: its value is the module's default.
    user = position_of(text, "config.services.webserver.user", len("config.services.webserver.user"))
    found = [(h.position, h.label, h.tooltip) for h in hints if h.position == user]
    assert found == [(user, '= "webserver"',
                      "`services.webserver.user` on `web` (the first host that reads this file; "
                      "set `qg.host` to choose)")]


async def test_inputs_of_qg_toml_give_nixpkgs_too(client, fleet):
    (fleet / "qg.toml").write_text(f'[inputs]\nnixpkgs = "{MINI}"\n')
    path, text = await start(client, fleet, HOST, options={})
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(path), position=position_of(text, "logFormat", 3)))
    loc = found[0] if isinstance(found, list) else found
    assert (loc.uri, loc.range) == ((MINI / WEBSERVER).as_uri(), declaration(WEBSERVER, "logFormat"))
