"""`corpus.py --mutate [FLEET...]`: plants one typical mistake per rule family in a copy of
each fleet and counts how many qg-check finds at the planted line.

Precision must not be bought with blindness: the normal corpus run shows that qg reports
nothing false on real fleets; this run shows that it still sees the mistakes it is for.
Each fleet's tracked files are copied once into a temporary git repository (qg reads the
files git tracks); for each family the first eligible site, in a sorted and therefore
reproducible order, gets one edit of one line, qg-check runs on the copy, and the file is
restored. A plant is found when qg reports a finding of the family's rule at the planted
file and line (for a duplicate, which of the two places is the mistake cannot be known:
either place counts) that the unmutated fleet did not have there already.

Sites are chosen with qg's own view of each host (`--list-hosts`, `facts --format json`,
`show --definitions`): a site is a line some host evaluates. Where `nix-instantiate` is on
the PATH it checks each edit: the edited file still parses, and an undefined variable is
undefined for Nix too. Exits 1 when fewer than 90 % of the plants are found.

FLEET names folders under $QG_CORPUS; default: the fleets of fleets.toml that are present.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
THRESHOLD = 0.90
# `show --definitions` runs per fleet while looking for option sites (each evaluates the
# fleet once): enough to pass over the options without a literal definition line.
SHOW_BUDGET = 60
IDENT = r"[A-Za-z_][A-Za-z0-9_'-]*"


@dataclass
class Plant:
    """One edited line: `new` replaces the text of line `line` (1-based) of `file`."""

    file: str
    line: int
    new: str
    what: str
    # For an undefined variable: the name Nix must find undefined on that line.
    undefined: str | None = None
    # Why qg may not see it although it is a mistake (a host it cannot read fully...).
    caveat: str | None = None


@dataclass
class Family:
    key: str
    title: str
    rules: tuple
    sites: object  # function(Fleet) -> iterator of Plant
    # Rules whose finding sits on one of two places, either of which is the mistake.
    symmetric: bool = False


@dataclass
class Outcome:
    fleet: str
    family: str
    plant: Plant | None = None
    found: bool = False
    note: str = ""


# ---------------------------------------------------------------- running qg and nix


def run(argv, cwd=None):
    p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Qg:
    """qg-check on one copy of a fleet, with the per-host data cached."""

    def __init__(self, exe, root):
        self.exe = exe
        self.root = root
        self.show_runs = 0
        self._facts = {}
        self._shows = {}

    def check(self):
        """Findings as a list of (rule, file, line, related places)."""
        code, out, err = run([self.exe, "--format", "json", "."], cwd=self.root)
        if code not in (0, 1):
            raise RuntimeError(f"qg-check failed on {self.root}: {err.strip()[-300:]}")
        found = []
        for d in json.loads(out)["diagnostics"]:
            related = {(r["file"], r["range"]["start"]["line"]) for r in d.get("related", [])}
            found.append((d["rule"], d["file"], d["range"]["start"]["line"], related))
        return found

    def hosts(self):
        """The hosts, those qg reads completely first, each in name order."""
        code, out, _ = run([self.exe, "--list-hosts", "--format", "json", "."], cwd=self.root)
        if code != 0:
            return []
        hosts = [h for f in json.loads(out)["flakes"] for h in f["hosts"]]
        return sorted(hosts, key=lambda h: (not h["complete"], h["name"]))

    def facts(self, host):
        if host not in self._facts:
            code, out, _ = run(
                [self.exe, "facts", host, "--format", "json", "--flake", "."], cwd=self.root
            )
            self._facts[host] = json.loads(out) if code == 0 else None
        return self._facts[host]

    def show(self, host, option, definitions=False):
        key = (host, option, definitions)
        if key not in self._shows:
            self.show_runs += 1
            argv = [self.exe, "show", host, option, "--flake", "."]
            if definitions:
                argv.append("--definitions")
            code, out, _ = run(argv, cwd=self.root)
            self._shows[key] = out if code == 0 else None
        return self._shows[key]


def nix_parse(path):
    """None without nix-instantiate; else (parses, error text)."""
    if not shutil.which("nix-instantiate"):
        return None
    code, _, err = run(["nix-instantiate", "--parse", str(path)])
    return code == 0, err


# ---------------------------------------------------------------- the fleet copy


class Fleet:
    def __init__(self, name, root, qg):
        self.name = name
        self.root = root
        self.qg = qg
        self.files = sorted(
            f for f in run(["git", "ls-files"], cwd=root)[1].splitlines() if f.endswith(".nix")
        )
        self.hosts = qg.hosts()
        self._texts = {}
        self.live = self._live_files()

    def text(self, file):
        if file not in self._texts:
            try:
                self._texts[file] = (self.root / file).read_text()
            except (OSError, UnicodeDecodeError):
                self._texts[file] = ""
        return self._texts[file]

    def lines(self, file):
        return self.text(file).split("\n")

    def facts(self):
        """(host, facts) for each host whose facts qg gives."""
        for h in self.hosts:
            f = self.qg.facts(h["name"])
            if f is not None:
                yield h, f

    def _live_files(self):
        """Files some host certainly evaluates: qg found an entity, a reference or a
        secret written there. Sorted; a subset of what the hosts read."""
        live = set()
        for _, facts in self.facts():
            for item in facts["entities"] + facts["references"] + facts["secrets"]:
                if item["place"]:
                    live.add(item["place"]["file"])
        return sorted(f for f in live if f in self.files)

    def planted(self, plant):
        """The file's text with the plant's line replaced."""
        lines = self.lines(plant.file)
        lines[plant.line - 1] = plant.new
        return "\n".join(lines)


# ---------------------------------------------------------------- small text helpers


def typo(name, taken=()):
    """`name` with one letter dropped (the second, else the next...), not in `taken`."""
    for i in list(range(1, len(name))) + [0]:
        t = name[:i] + name[i + 1 :]
        if t and t != name and t not in taken and re.fullmatch(r"[A-Za-z_][\w'-]*|[\w./-]+", t):
            if not t.endswith("-") and not t.startswith("-"):
                return t
    return name + "x"


def code_part(line):
    """The line up to a `#` comment (a `#` inside a string is rare enough)."""
    i = line.find("#")
    return line if i < 0 else line[:i]


def replace_first(line, pattern, repl):
    new, n = re.subn(pattern, repl, line, count=1)
    return new if n else None


def show_path(path):
    return ".".join(p if re.fullmatch(IDENT, p) else json.dumps(p) for p in path)


def parse_shown(text):
    """The value `qg-check show` prints (Nix syntax, «…» for unknowns), as Python data:
    dicts, lists, ('bool'|'int'|'str'|'other', token)."""
    tokens = re.findall(r'"(?:\\.|[^"\\])*"|«[^»]*»|[{}\[\];=]|[^\s{}\[\];=]+', text)
    pos = 0

    def value():
        nonlocal pos
        t = tokens[pos]
        pos += 1
        if t == "{":
            out = {}
            while tokens[pos] != "}":
                if tokens[pos].startswith("«"):
                    pos += 1
                    continue
                key = tokens[pos]
                key = json.loads(key) if key.startswith('"') else key
                pos += 2  # the key and `=`
                out[key] = value()
                pos += 1  # `;`
            pos += 1
            return out
        if t == "[":
            items = []
            while tokens[pos] != "]":
                items.append(value())
            pos += 1
            return items
        if t in ("true", "false"):
            return ("bool", t)
        if re.fullmatch(r"-?\d+", t):
            return ("int", t)
        if t.startswith('"'):
            return ("str", t)
        return ("other", t)

    try:
        return value()
    except (IndexError, json.JSONDecodeError):
        return None


def leaves(value, path=()):
    if isinstance(value, dict):
        for k in sorted(value):
            yield from leaves(value[k], path + (k,))
    elif isinstance(value, tuple):
        yield path, value


# ---------------------------------------------------------------- declared options


def declared(fleet):
    """(namespaces, option names) the fleet declares with mkOption/mkEnableOption."""
    roots, names = set(), set()
    decl = re.compile(r"(?<![\w-])(" + IDENT + r")\s*=\s*\(?\s*(?:lib\.)?mk(?:Enable|Package)?Option\b")
    for f in fleet.files:
        text = fleet.text(f)
        if "Option" not in text:
            continue
        names.update(decl.findall(text))
        roots.update(re.findall(r"(?<![\w.])options\.(" + IDENT + ")", text))
        for m in re.finditer(r"(?<![\w.])options\s*=\s*\{\s*\n\s*(" + IDENT + ")", text):
            roots.add(m.group(1))
    return sorted(roots), names


DEF_LINE = re.compile(r"^[* ] (\S+?)(?::(\d+))?\s+priority \d+( \(default\))?: ")


def option_definitions(fleet):
    """(host, option path, leaf kind, file, line) for each definition in a flake file of
    a scalar option the fleet declares, as the hosts evaluate them: sorted by host
    (complete ones first), then path."""
    roots, names = declared(fleet)
    for host in fleet.hosts:
        for root in roots:
            shown = fleet.qg.show(host["name"], root)
            value = parse_shown(shown) if shown else None
            for path, (kind, _) in leaves(value, (root,)) if isinstance(value, dict) else []:
                if path[-1] not in names or kind == "other":
                    continue
                if fleet.qg.show_runs >= SHOW_BUDGET:
                    return
                text = fleet.qg.show(host["name"], show_path(path), definitions=True) or ""
                defs = [m for m in map(DEF_LINE.match, text.splitlines()) if m]
                # The default's line is the declaration: the option is declared on this
                # host, not only defined (a definition of what no module declares here
                # is not under a namespace the host declares).
                if not any(m.group(3) for m in defs):
                    continue
                for m in defs:
                    if not m.group(3) and m.group(2) and m.group(1) in fleet.files:
                        yield host, path, kind, m.group(1), int(m.group(2))


def incomplete_caveat(host):
    if host["complete"]:
        return None
    return f"host {host['name']} is incomplete (a module qg cannot read): QG101 is off there"


def option_typo_sites(fleet):
    _, names = declared(fleet)
    seen = set()
    for host, path, _, file, line in option_definitions(fleet):
        if (file, line) in seen:
            continue
        seen.add((file, line))
        text = fleet.lines(file)[line - 1]
        name = path[-1]
        wrong = typo(name, names)
        new = replace_first(code_part(text), r"(?<![\w\"'-])" + re.escape(name) + r"(?=\s*=[^=])", wrong)
        if new is not None:
            new += text[len(code_part(text)) :]
            yield Plant(file, line, new, f"`{show_path(path)}` spelt `{wrong}`", caveat=incomplete_caveat(host))


WRONG_VALUE = {"bool": '"yes"', "int": '"8080"', "str": '[ "x" ]'}


def wrong_type_sites(fleet):
    found = list(option_definitions(fleet))
    # Booleans first: their type is certain (`mkEnableOption`); a string option may
    # accept more than strings (`either`).
    order = {"bool": 0, "int": 1, "str": 2}
    for host, path, kind, file, line in sorted(found, key=lambda d: order[d[2]]):
        text = fleet.lines(file)[line - 1]
        literal = {"bool": r"(?:true|false)", "int": r"-?\d+", "str": r'"(?:[^"\\$]|\\.)*"'}[kind]
        pattern = (
            r"((?<![\w\"'-])" + re.escape(path[-1]) + r"\s*=\s*(?:(?:lib\.)?mk(?:Default|Force)\s+)?)"
            + literal + r"(?=\s*;)"
        )
        new = replace_first(text, pattern, lambda m: m.group(1) + WRONG_VALUE[kind])
        if new is not None:
            yield Plant(file, line, new, f"`{show_path(path)}` ({kind}) = {WRONG_VALUE[kind]}")



# ---------------------------------------------------------------- secrets


def sops_keys(path):
    """Key paths (`a/b`) of a sops YAML/JSON file; None when it cannot be read."""
    try:
        import yaml

        data = yaml.safe_load(path.read_text())
    except Exception:
        return None
    keys = set()

    def walk(v, prefix):
        if isinstance(v, dict):
            for k, sub in v.items():
                if prefix == "" and k == "sops":
                    continue
                walk(sub, f"{prefix}/{k}" if prefix else str(k))
        elif prefix:
            keys.add(prefix)

    walk(data, "")
    return keys


def missing_secret_sites(fleet):
    seen = set()
    for host, facts in fleet.facts():
        for s in sorted(facts["secrets"], key=lambda s: (s["place"] or {}).get("file", "~")):
            if not s["place"] or s["has_key"] or s["whole_file"] or not s["file"] or not s["key"]:
                continue
            file, line = s["place"]["file"], s["place"]["line"]
            if (file, line) in seen or file not in fleet.files:
                continue
            seen.add((file, line))
            keys = sops_keys(fleet.root / s["file"])
            if keys is None:
                continue
            head, _, last = s["name"].rpartition("/")
            wrong = (head + "/" if head else "") + typo(last)
            if wrong in keys:
                continue
            text = fleet.lines(file)[line - 1]
            quoted = replace_first(text, re.escape(json.dumps(s["name"])), json.dumps(wrong))
            bare = None
            if re.fullmatch(IDENT, s["name"]) and re.fullmatch(IDENT, wrong):
                bare = replace_first(
                    text, r"(?<![\w\"'-])" + re.escape(s["name"]) + r"(?![\w\"'-])", wrong
                )
            new = quoted or bare
            if new is not None:
                yield Plant(file, line, new, f"secret `{s['name']}` renamed `{wrong}` (not in {s['file']})")


SECRET_READ = re.compile(r"config\.sops\.(?:secrets|placeholder)\.(\"[^\"$]+\"|" + IDENT + r")")


def undeclared_secret_sites(fleet):
    for host, facts in fleet.facts():
        if facts["secrets_complete"] is not True:
            continue
        caveat = None if host["complete"] else f"host {host['name']} is incomplete: QG202 is off there"
        names = {s["name"] for s in facts["secrets"]}
        files = sorted({s["place"]["file"] for s in facts["secrets"] if s["place"]})
        for file in [f for f in fleet.live if f in files] + [f for f in fleet.live if f not in files]:
            for i, text in enumerate(fleet.lines(file), 1):
                for m in SECRET_READ.finditer(code_part(text)):
                    raw = m.group(1)
                    name = json.loads(raw) if raw.startswith('"') else raw
                    if name not in names:
                        continue
                    head, _, last = name.rpartition("/")
                    wrong = (head + "/" if head else "") + typo(last, names)
                    if wrong in names:
                        continue
                    shown = json.dumps(wrong) if raw.startswith('"') or not re.fullmatch(IDENT, wrong) else wrong
                    new = text[: m.start(1)] + shown + text[m.end(1) :]
                    yield Plant(
                        file, i, new, f"reads `config.sops.secrets.{shown}` (declared: `{name}`)", caveat=caveat
                    )


# ---------------------------------------------------------------- pack entities


def duplicate_port_sites(fleet):
    for host, facts in fleet.facts():
        ports = sorted(
            (e for e in facts["entities"] if e["kind"] == "port" and e["place"]),
            key=lambda e: (e["place"]["file"], e["place"]["line"]),
        )
        for b in ports:
            number, _, proto = b["name"].partition("/")
            file, line = b["place"]["file"], b["place"]["line"]
            if file not in fleet.files:
                continue
            text = fleet.lines(file)[line - 1]
            for a in ports:
                other, _, other_proto = a["name"].partition("/")
                if a["owner"] == b["owner"] or other == number or other_proto != proto:
                    continue
                if a["address"] != b["address"]:
                    continue
                if any(e["name"] == a["name"] and e["owner"] == b["owner"] for e in ports):
                    continue
                new = replace_first(text, r"(?<![\d.])" + number + r"(?![\d.])", other)
                if new is not None:
                    caveat = None if "port" not in facts["incomplete"] else "ports incomplete on the host"
                    yield Plant(file, line, new, f"`{b['at']}` on {other} like `{a['at']}`", caveat=caveat)
                break


def reference_sites(kinds, rule, replacement=None):
    """Sites that misname one reference of `kinds` checked by `rule` (a typo of the
    name, or `replacement(name)`), at its literal on its line."""

    def sites(fleet):
        for host, facts in fleet.facts():
            entities = {e["name"] for e in facts["entities"] if e["kind"] in kinds}
            refs = sorted(
                (
                    r
                    for r in facts["references"]
                    if r["rule"] == rule and r["place"] and r["name"] and set(r["kinds"]) & set(kinds)
                ),
                key=lambda r: (r["place"]["file"], r["place"]["line"]),
            )
            unknown = [k for k in kinds if k in facts["incomplete"]]
            caveat = f"{'/'.join(unknown)} incomplete on host {host['name']}" if unknown else None
            for r in refs:
                file, line = r["place"]["file"], r["place"]["line"]
                if file not in fleet.files:
                    continue
                name = r["name"]
                wrong = replacement(name, entities) if replacement else typo(name, entities)
                if wrong is None or wrong in entities:
                    continue
                text = fleet.lines(file)[line - 1]
                new = replace_first(text, re.escape(json.dumps(name)), json.dumps(wrong))
                if new is not None:
                    yield Plant(file, line, new, f"`{r['at']}` = {json.dumps(wrong)}", caveat=caveat)

    return sites


def unpersisted_path(name, entities):
    """A path below no persisted path or mount of the host (but `/`, which is wiped)."""
    entities = [e for e in entities if e.rstrip("/")]
    for candidate in ("/var/lib/qg-planted", "/srv/qg-planted", "/opt/qg-planted"):
        if not any(candidate == e or candidate.startswith(e.rstrip("/") + "/") for e in entities):
            return candidate
    return None


# ---------------------------------------------------------------- local mistakes


HEADER = re.compile(r"\A(?:\s*#[^\n]*\n)*\s*\{([^{}]*)\}\s*(?:@\s*\w+\s*)?:")


def candidate_files(fleet):
    """Files some host evaluates first, then the others (a local lint reads every file)."""
    live = set(fleet.live)
    return fleet.live + [f for f in fleet.files if f not in live]


def undefined_variable_sites(fleet):
    for file in candidate_files(fleet):
        text = fleet.text(file)
        m = HEADER.match(text)
        if not m or re.search(r"(?<![\w.-])with\s", text):
            continue
        args = [a.split("?")[0].strip() for a in m.group(1).split(",")]
        args = [a for a in args if re.fullmatch(IDENT, a)]
        if not args:
            continue
        start = text[: m.end()].count("\n")
        use = re.compile(r"(?<![\w.'\"$/-])(" + "|".join(map(re.escape, args)) + r")\.(?=[A-Za-z_])")
        lines = text.split("\n")
        for i in range(start, len(lines)):
            u = use.search(code_part(lines[i]))
            if not u:
                continue
            wrong = typo(u.group(1))
            if re.search(r"(?<![\w-])" + re.escape(wrong) + r"(?![\w-])", text):
                continue
            new = lines[i][: u.start(1)] + wrong + lines[i][u.end(1) :]
            yield Plant(file, i + 1, new, f"argument `{u.group(1)}` used as `{wrong}`", undefined=wrong)
            break  # one candidate per file: the next file if Nix disagrees


PATH_TOKEN = r"(?<![\w$}/.])\.{1,2}/[\w./+-]*[\w+-]"


def missing_import_sites(fleet):
    """Paths written directly in an `imports = [ ... ]` list (not behind a condition)."""
    for file in fleet.live:
        lines = fleet.lines(file)
        for i, text in enumerate(lines):
            m = re.search(r"(?<![\w.-])imports\s*=\s*\[", code_part(text))
            if m:
                yield from import_list_sites(fleet, file, lines, i, m.end() - 1)


def import_list_sites(fleet, file, lines, first, column):
    depth = 0
    for j in range(first, len(lines)):
        code = code_part(lines[j])
        start = column if j == first else 0
        conditional = "optional" in code or re.search(r"(?<![\w-])if(?![\w-])", code)
        for t in re.finditer(r"\[|\]|" + PATH_TOKEN, code[start:]):
            token = t.group(0)
            if token == "[":
                depth += 1
            elif token == "]":
                depth -= 1
                if depth <= 0:
                    return
            elif depth == 1 and not conditional:
                plant = missing_import(fleet, file, j, start + t.start(), token)
                if plant:
                    yield plant


def missing_import(fleet, file, j, offset, path):
    target = (fleet.root / file).parent / path
    if not target.exists():
        return None
    stem = target.name
    wrong = typo(stem.removesuffix(".nix")) + (".nix" if stem.endswith(".nix") else "")
    if (target.parent / wrong).exists():
        return None
    new_path = path[: len(path) - len(stem)] + wrong
    text = fleet.lines(file)[j]
    new = text[:offset] + new_path + text[offset + len(path) :]
    return Plant(file, j + 1, new, f"import `{path}` as `{new_path}` (no such file)")


def nested_list_sites(fleet):
    """`optionals cond [ ... ]` concatenated (`++`) on its line, with no `flatten` just
    above that would make the nesting harmless."""
    for file in fleet.live:
        lines = fleet.lines(file)
        for i, text in enumerate(lines, 1):
            code = code_part(text)
            m = re.search(r"(?<![\w-])((?:lib\.)?optional)s(\s+[^\[\]]+\[)", code)
            if m and "++" in code and not any("flatten" in l for l in lines[max(0, i - 10) : i]):
                new = text[: m.end(1)] + text[m.end(1) + 1 :]
                yield Plant(file, i, new, "`optionals` written `optional` (a list in the list)")


FAMILIES = [
    Family("option-typo", "option typo", ("QG101",), option_typo_sites),
    Family("wrong-type", "wrong type", ("QG102",), wrong_type_sites),
    Family("missing-secret", "secret not in its sops file", ("QG201",), missing_secret_sites),
    Family("undeclared-secret", "read of an undeclared secret", ("QG202",), undeclared_secret_sites),
    Family("duplicate-port", "duplicate port", ("QG302",), duplicate_port_sites, symmetric=True),
    Family(
        "unpersisted-backup",
        "unpersisted backup path",
        ("QG402",),
        reference_sites(["persisted-path", "persisted-file", "mount"], "QG402", unpersisted_path),
    ),
    Family("undefined-variable", "undefined variable", ("QG002",), undefined_variable_sites),
    Family("missing-import", "missing import", ("QG107",), missing_import_sites),
    Family("nested-list", "nested list", ("QG109", "QG005"), nested_list_sites),
    Family("unknown-owner", "unknown secret owner", ("QG203",), reference_sites(["user"], "QG203")),
    Family("unknown-middleware", "undefined middleware", ("QG304",), reference_sites(["middleware"], "QG304")),
    Family("unknown-unit", "unknown unit", ("QG305",), reference_sites(["unit"], "QG305")),
]


# ---------------------------------------------------------------- planting


def valid(fleet, plant, original):
    """Whether Nix agrees with the edit (None: no Nix to ask): it parses, and an
    undefined variable is reported on the planted line."""
    path = fleet.root / plant.file
    before = nix_parse(path)
    if before is None:
        return True
    if not before[0]:
        # Nix 2.8 may not parse newer syntax; a variable plant then cannot be confirmed.
        return plant.undefined is None
    path.write_text(fleet.planted(plant))
    try:
        ok, err = nix_parse(path)
    finally:
        path.write_text(original)
    if plant.undefined is None:
        return ok
    return not ok and f"undefined variable '{plant.undefined}'" in err and f":{plant.line}:" in err


def at_line(findings, family, plant):
    for rule, file, line, related in findings:
        if rule not in family.rules:
            continue
        if (file, line) == (plant.file, plant.line):
            return True
        if family.symmetric and (plant.file, plant.line) in related:
            return True
    return False


def plant_one(fleet, family, baseline):
    """Plants the family's first eligible site, checks the copy, restores the file."""
    for plant in family.sites(fleet):
        if at_line(baseline, family, plant):
            continue
        original = fleet.text(plant.file)
        if plant.new == fleet.lines(plant.file)[plant.line - 1] or not valid(fleet, plant, original):
            continue
        (fleet.root / plant.file).write_text(fleet.planted(plant))
        try:
            findings = fleet.qg.check()
        finally:
            (fleet.root / plant.file).write_text(original)
        found = at_line(findings, family, plant)
        note = "" if found else miss_note(findings, plant)
        return Outcome(fleet.name, family.key, plant, found, note)
    return Outcome(fleet.name, family.key, None, False, "n/a")


def miss_note(findings, plant):
    there = sorted({r for r, f, l, _ in findings if (f, l) == (plant.file, plant.line)})
    parts = [plant.caveat] if plant.caveat else []
    parts.append(f"qg reports {', '.join(there)} there" if there else "qg silent there")
    return "; ".join(parts)


def copy_tracked(source, root):
    """A new git repository at `root` holding the working-tree text of the files git
    tracks in `source`, all added to its index: the file set qg reads is the same. (A
    clone would need every blob; the corpus checkouts may be partial.)"""
    listed = run(["git", "ls-files", "-z"], cwd=source)[1].split("\0")
    root.mkdir(parents=True)
    copied = []
    for rel in filter(None, listed):
        src = source / rel
        if not (src.is_file() or src.is_symlink()):
            continue
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, root / rel, follow_symlinks=False)
        copied.append(rel)
    run(["git", "init", "-q"], cwd=root)
    for i in range(0, len(copied), 500):
        run(["git", "add", "-f", "--", *copied[i : i + 500]], cwd=root)


def mutate_fleet(name, source, qg_exe, families):
    with tempfile.TemporaryDirectory(prefix=f"qg-mutate-{name}-") as tmp:
        root = Path(tmp) / name
        copy_tracked(source, root)
        fleet = Fleet(name, root, Qg(qg_exe, root))
        baseline = fleet.qg.check()
        return [plant_one(fleet, family, baseline) for family in families]


# ---------------------------------------------------------------- report


def report(outcomes, families, seconds):
    print("| family | rules | planted | found | missed |")
    print("|---|---|---|---|---|")
    planted = found = 0
    for fam in families:
        rows = [o for o in outcomes if o.family == fam.key and o.plant]
        hits = [o for o in rows if o.found]
        misses = [f"{o.fleet}/{o.plant.file}:{o.plant.line}" for o in rows if not o.found]
        planted += len(rows)
        found += len(hits)
        print(
            f"| {fam.title} | {'/'.join(fam.rules)} | {len(rows)} | {len(hits)} "
            f"| {', '.join(misses) or '-'} |"
        )
    share = found / planted if planted else 1.0
    print(f"\n{found} of {planted} plants found ({share:.0%}); {seconds:.0f} s")
    plain = [o for o in outcomes if o.plant and not o.plant.caveat]
    if len(plain) < planted:
        hits = sum(o.found for o in plain)
        print(
            f"{hits} of {len(plain)} where qg reads all a plant depends on "
            f"({planted - len(plain)} plant(s) on a host or kind qg knows to be incomplete)"
        )
    print("\nPlants (fleet family: site, what; result):")
    for o in outcomes:
        if o.plant is None:
            print(f"  {o.fleet} {o.family}: n/a (no eligible site on the hosts qg evaluates)")
            continue
        result = "found" if o.found else f"MISSED: {o.note}"
        print(f"  {o.fleet} {o.family}: {o.plant.file}:{o.plant.line} {o.plant.what}; {result}")
    return share


def fleet_names(corpus, args):
    if args:
        return args
    with open(HERE / "fleets.toml", "rb") as f:
        listed = [s["name"] for s in tomllib.load(f)["fleet"]]
    return [n for n in listed if (corpus / n).is_dir()]


def main():
    qg_exe = os.environ["QG_CHECK"]
    corpus = Path(os.environ["QG_CORPUS"]).expanduser()
    args = [a for a in sys.argv[1:] if a != "--mutate"]
    only = [a.removeprefix("--family=") for a in args if a.startswith("--family=")]
    families = [f for f in FAMILIES if not only or f.key in only]
    names = fleet_names(corpus, [a for a in args if not a.startswith("--")])
    if not names:
        print(f"mutate: skipped: no fleet of tests/corpus/fleets.toml under {corpus}")
        return 0
    start = time.monotonic()
    outcomes = []
    for name in names:
        print(f"mutate: {name}...", file=sys.stderr)
        outcomes += mutate_fleet(name, (corpus / name).resolve(), qg_exe, families)
    share = report(outcomes, families, time.monotonic() - start)
    if share < THRESHOLD:
        print(f"\nbelow {THRESHOLD:.0%}: qg misses mistakes it is meant to find (see the misses above)")
        return 1
    return 0
