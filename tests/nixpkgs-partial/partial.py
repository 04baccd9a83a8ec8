#!/usr/bin/env python3
"""The partial real nixpkgs check (tests/nixpkgs-partial): oracle, comparison, closure.

  partial.py oracle TREE HOST OUT.json
      Lists the options of HOST (a NixOS module) evaluated on TREE by the real Nix
      (`nix-instantiate`, with oracle.nix): path, type description, default value,
      defaultText, declarations. Defaults that Nix cannot evaluate (a package of the stub
      pkgs, an uncatchable error) are found by splitting batches and become unknown.
  partial.py compare ORACLE.json QG.json [TREE]
      Compares `qg-check options HOST --json` with the oracle: option paths, type
      descriptions, defaults, declaration files (relative to TREE); prints the counts
      and every mismatch; exit 1 on a mismatch.
  partial.py config TREE HOST OUT.json
      config.nix on the real Nix: values the real modules give HOST (users, groups,
      ports, data folders), by option path.
  partial.py config-compare CONFIG.json QG_CHECK FLAKE TREE
      `qg-check show media PATH` (in FLAKE, nixpkgs overridden by TREE) for each of them,
      against Nix's value.
  partial.py same ORACLE.json OTHER.json
      The same comparison between two oracle files: the real Nix's, and qg's evaluator
      running oracle.nix (QG_PARTIAL_EVAL="qg-check eval" partial.py oracle ...).
  partial.py closure TREE HOST MANIFEST_OUT SOURCE_REPO SOURCE_COMMIT LIB_REPO LIB_COMMIT
      Runs the oracle under strace and writes the manifest of every file of TREE that Nix
      read, plus the files that the NixOS modules and libraries read name by a relative
      path (qg, evaluating config too, may need them where Nix, lazily, did not).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE_NIX = os.environ.get("QG_PARTIAL_ORACLE_NIX", os.path.join(HERE, "oracle.nix"))
BATCH = 200
# The program that evaluates oracle.nix: the real Nix, or (QG_PARTIAL_EVAL="qg-check
# eval") qg's evaluator running the same real lib and modules.
EVALUATOR = os.environ.get("QG_PARTIAL_EVAL", "nix-instantiate").split()


def nix_instantiate(tree, host, only=None, names_file=None, strace_out=None):
    """Runs oracle.nix; returns (ok, parsed JSON or the error text)."""
    cmd = EVALUATOR + [
        "--eval", "--strict", "--json", ORACLE_NIX,
        "--arg", "nixpkgs", tree, "--arg", "host", host,
    ]
    if names_file:
        cmd += ["--arg", "pkgsNamesFile", names_file]
    if only is not None:
        cmd += ["--show-trace", "--arg", "only", "[ " + " ".join(str(i) for i in only) + " ]"]
    if strace_out:
        cmd = ["strace", "-f", "-qq", "-e", "trace=openat,open,stat,newfstatat,access",
               "-o", strace_out] + cmd
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        return False, run.stderr
    try:
        return True, json.loads(run.stdout)
    except json.JSONDecodeError:
        # qg-check eval prints an unknown result as «unknown: why», not as JSON.
        return False, "error: " + (run.stdout.strip() or run.stderr)[:2000]


def package_names(tree):
    """Every `pkgs.NAME` the tree's Nix files mention: the stub binds each to a throw,
    so that a default reading a package fails catchably (tryEval) instead of aborting."""
    names = set()
    pattern = re.compile(r"\bpkgs\.([A-Za-z_][A-Za-z0-9_'-]*)")
    for base, _, files in os.walk(os.path.join(tree, "nixos")):
        for name in files:
            if name.endswith(".nix"):
                with open(os.path.join(base, name), encoding="utf-8", errors="replace") as f:
                    names.update(pattern.findall(f.read()))
    return sorted(names - {"lib", "path", "formats", "stdenv"})


def first_error_line(text):
    for line in text.splitlines():
        if line.startswith("error:"):
            return line[len("error:"):].strip()
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def defaults(tree, host, indices, names_file, errors):
    """Default data of the options at `indices`. When the batch fails, the option that
    Nix's trace names is set aside (unknown) and the rest run again; without such a
    name (qg's evaluator prints no trace) the batch is split."""
    ok, out = nix_instantiate(tree, host, indices, names_file)
    if ok:
        return dict(zip(indices, out))
    named = [int(i) for i in re.findall(r"qg-oracle-option (\d+)", out)]
    culprit = next((i for i in named if i in indices), None)
    if culprit is not None:
        errors[culprit] = first_error_line(out)
        rest = [i for i in indices if i != culprit]
        result = defaults(tree, host, rest, names_file, errors) if rest else {}
        result[culprit] = {"__qg": "unknown"}
        return result
    if len(indices) == 1:
        errors[indices[0]] = first_error_line(out)
        return {indices[0]: {"__qg": "unknown"}}
    half = len(indices) // 2
    result = defaults(tree, host, indices[:half], names_file, errors)
    result.update(defaults(tree, host, indices[half:], names_file, errors))
    return result


def oracle(tree, host, out_path):
    tree = os.path.abspath(tree)
    # In the current folder: qg-check eval reads nothing outside its root.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, dir=".") as f:
        json.dump(package_names(tree), f)
        names_file = f.name
    ok, options = nix_instantiate(tree, host, names_file=names_file)
    if not ok:
        sys.exit("oracle: Nix could not list the options:\n" + out_text(options))
    errors = {}
    values = {}
    for start in range(0, len(options), BATCH):
        batch = list(range(start, min(start + BATCH, len(options))))
        values.update(defaults(tree, host, batch, names_file, errors))
    os.unlink(names_file)
    for i, opt in enumerate(options):
        opt["default"] = values[i]
        if i in errors:
            opt["defaultError"] = errors[i]
    with open(out_path, "w") as f:
        json.dump(options, f, indent=1, sort_keys=True)
    print(f"oracle: {len(options)} options, {len(errors)} defaults Nix could not evaluate")


def out_text(text):
    return text if len(text) < 4000 else text[:4000] + "\n..."


# --- printing values as Nix prints them (`nix-instantiate --eval --strict`) ---------

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_'-]*$")


def nix_string(s):
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    out = out.replace("\r", "\\r").replace("\t", "\\t").replace("${", "\\${")
    return '"' + out + '"'


def nix_float(x):
    text = "%g" % x
    return text


def nix_print(v):
    """The oracle's JSON data of a value, printed as current Nix prints it; None when
    the value is not known (an error, or a kind Nix prints with a store path)."""
    if isinstance(v, dict) and "__qg" in v:
        kind = v["__qg"]
        if kind == "path":
            return v["value"]
        if kind == "float":
            return nix_float(v["value"])
        if kind == "lambda":
            # As current Nix prints a function inside a printed value (2.8 wrote «lambda»).
            return "<LAMBDA>"
        return None
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return nix_float(v)
    if isinstance(v, str):
        return nix_string(v)
    if isinstance(v, list):
        items = [nix_print(x) for x in v]
        if any(x is None for x in items):
            return None
        return "[ " + "".join(x + " " for x in items) + "]"
    if isinstance(v, dict):
        parts = []
        for k in sorted(v):
            item = nix_print(v[k])
            if item is None:
                return None
            key = k if IDENT.match(k) else nix_string(k)
            parts.append(f"{key} = {item}; ")
        return "{ " + "".join(parts) + "}"
    return None


# --- comparison ----------------------------------------------------------------------

def load_qg(path):
    """qg's `options --json`: a list of {path, type, default, declarations?}, or an
    object holding it under `options`."""
    with open(path) as f:
        data = json.load(f)
    if isinstance(data, dict):
        data = data.get("options", data)
    if isinstance(data, dict):
        data = [dict(v, path=k) for k, v in data.items()]
    return {entry["path"]: entry for entry in data}


def oracle_default(opt):
    """The oracle's default as text, `<unknown>` when Nix could not evaluate it, None
    when the option has no default."""
    value = opt["default"]
    if isinstance(value, dict) and value.get("__qg") == "none":
        return None
    printed = nix_print(value)
    return "<unknown>" if printed is None else printed


def declaration_files(entry, tree):
    """The declaration files of an option, relative to the tree (qg may print them as
    absolute paths, one string or a list)."""
    value = entry.get("declarations", entry.get("declaration", entry.get("file")))
    if value is None:
        return None
    if isinstance(value, (str, dict)):
        value = [value]
    files = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("file", item.get("path", ""))
        item = str(item)
        if tree and item.startswith(tree + "/"):
            item = item[len(tree) + 1:]
        files.append(item[2:] if item.startswith("./") else item)
    return sorted(files)


def qg_default(entry):
    value = entry.get("default")
    if isinstance(value, dict):
        value = value.get("text", value.get("value"))
    return value


def load_oracle_as_qg(path):
    """A second oracle file (qg's evaluator running oracle.nix) in qg's shape."""
    with open(path) as f:
        options = json.load(f)
    return {o["path"]: {"path": o["path"], "type": o["type"], "default": oracle_default(o),
                        "declarations": o["declarations"]}
            for o in options}


def compare(oracle_path, qg_path, limit=60, qg=None, tree=None):
    with open(oracle_path) as f:
        oracle_options = {o["path"]: o for o in json.load(f)}
    if qg is None:
        qg = load_qg(qg_path)
    both = sorted(set(oracle_options) & set(qg))
    only_qg = sorted(set(qg) - set(oracle_options))
    only_oracle = sorted(set(oracle_options) - set(qg))
    type_mismatch = []
    default_mismatch = []
    declaration_mismatch = []
    default_unknown_qg = 0
    for path in both:
        o, q = oracle_options[path], qg[path]
        if q.get("type") != o["type"]:
            type_mismatch.append((path, o["type"], q.get("type")))
        qg_files = declaration_files(q, tree)
        if qg_files is not None and qg_files != declaration_files(o, tree):
            declaration_mismatch.append((path, declaration_files(o, tree), qg_files))
        od, qd = oracle_default(o), qg_default(q)
        if od == qd:
            continue
        if qd == "<unknown>" and od != "<unknown>":
            default_unknown_qg += 1
        default_mismatch.append((path, od, qd))
    print(f"options: oracle {len(oracle_options)}, qg {len(qg)}")
    print(f"  in both:          {len(both)}")
    print(f"  only in qg:       {len(only_qg)}")
    only_oracle_sub = [p for p in only_oracle if oracle_options[p].get("sub")]
    only_oracle_module = [p for p in only_oracle_sub if "._module." in p]
    print(f"  only in oracle:   {len(only_oracle)}"
          f" ({len(only_oracle_sub)} of them sub-options of a submodule type,"
          f" {len(only_oracle_module)} of those the submodule's own `_module.*`)")
    print(f"  type mismatches:  {len(type_mismatch)}")
    print(f"  default mismatches: {len(default_mismatch)}"
          f" ({default_unknown_qg} of them unknown to qg, known to Nix)")
    print(f"  declaration mismatches: {len(declaration_mismatch)}")
    show("only in qg", only_qg, limit)
    show("only in oracle, not sub-options", [p for p in only_oracle if p not in only_oracle_sub], limit)
    show("only in oracle, sub-options (without `_module.*`)",
         [p for p in only_oracle_sub if p not in only_oracle_module], limit)
    show("type mismatches (path: oracle | qg)",
         [f"{p}: {o!r} | {q!r}" for p, o, q in type_mismatch], limit)
    show("default mismatches (path: oracle | qg)",
         [f"{p}: {o} | {q}" for p, o, q in default_mismatch], limit)
    show("declaration mismatches (path: oracle | qg)",
         [f"{p}: {o} | {q}" for p, o, q in declaration_mismatch], limit)
    failed = (only_qg or only_oracle or type_mismatch or default_mismatch
              or declaration_mismatch)
    return 1 if failed else 0


def show(title, lines, limit):
    if not lines:
        return
    print(f"{title}:")
    for line in lines[:limit]:
        print(f"  {line}")
    if len(lines) > limit:
        print(f"  ... and {len(lines) - limit} more")


# --- config values ---------------------------------------------------------------------

def config_oracle(tree, host, out_path):
    """config.nix on the real Nix: the values the real modules give the host."""
    tree = os.path.abspath(tree)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, dir=".") as f:
        json.dump(package_names(tree), f)
        names_file = f.name
    cmd = EVALUATOR + ["--eval", "--strict", "--json", os.path.join(HERE, "config.nix"),
                       "--arg", "nixpkgs", tree, "--arg", "host", host,
                       "--arg", "pkgsNamesFile", names_file]
    run = subprocess.run(cmd, capture_output=True, text=True)
    os.unlink(names_file)
    if run.returncode != 0:
        sys.exit("config: Nix could not evaluate the host's config:\n" + out_text(run.stderr))
    with open(out_path, "w") as f:
        f.write(run.stdout)


def qg_show(qg_check, flake, tree, path):
    run = subprocess.run([qg_check, "--override-input", "nixpkgs", tree, "show", "media", path],
                         cwd=flake, capture_output=True, text=True)
    return run.stdout.strip() or ("error: " + run.stderr.strip()[:300])


def config_compare(config_path, qg_check, flake, tree, limit=60):
    """`qg-check show` of each value config.nix computed, against Nix's value."""
    from concurrent.futures import ThreadPoolExecutor
    with open(config_path) as f:
        values = json.load(f)
    failed = values.pop("__failed", [])
    paths = sorted(values)
    with ThreadPoolExecutor(max_workers=2) as pool:
        shown = dict(zip(paths, pool.map(lambda p: qg_show(qg_check, flake, tree, p), paths)))
    same, unknown, wrong = [], [], []
    for path in paths:
        expected, got = nix_print(values[path]), shown[path]
        if got == expected:
            same.append(path)
        elif got.startswith("«unknown"):
            unknown.append(f"{path}: {expected} | {got}")
        else:
            wrong.append(f"{path}: {expected} | {got}")
    print(f"config values: {len(paths)} computed by Nix ({len(failed)} more Nix could not)")
    print(f"  equal in qg:      {len(same)}")
    print(f"  unknown to qg:    {len(unknown)}")
    print(f"  different in qg:  {len(wrong)}")
    show("unknown to qg (path: Nix | qg)", unknown, limit)
    show("different in qg (path: Nix | qg)", wrong, limit)
    return 1 if wrong or unknown else 0


# --- manifest ------------------------------------------------------------------------

RELATIVE_PATH = re.compile(r"(?<![A-Za-z0-9_])(\.\.?/[A-Za-z0-9_./+-]+)")


def referenced_files(tree, path):
    """Files a Nix file names by a relative path literal, that exist in TREE."""
    found = set()
    full = os.path.join(tree, path)
    with open(full, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for literal in RELATIVE_PATH.findall(text):
        target = os.path.normpath(os.path.join(os.path.dirname(full), literal))
        if os.path.isdir(target) and os.path.isfile(os.path.join(target, "default.nix")):
            target = os.path.join(target, "default.nix")
        if os.path.isfile(target) and target.startswith(tree + os.sep):
            found.add(os.path.relpath(target, tree))
    return found


def closure(tree, host, manifest_out, source_repo, source_commit, lib_repo, lib_commit):
    tree = os.path.abspath(tree)
    with tempfile.TemporaryDirectory() as scratch:
        names_file = os.path.join(scratch, "names.json")
        with open(names_file, "w") as f:
            json.dump(package_names(tree), f)
        trace = os.path.join(scratch, "trace")
        ok, out = nix_instantiate(tree, host, names_file=names_file, strace_out=trace)
        if not ok:
            sys.exit("closure: the oracle failed:\n" + out_text(out))
        ok, out = nix_instantiate(tree, host, list(range(len(out))), names_file,
                                  strace_out=trace + ".defaults")
        read = set()
        for name in (trace, trace + ".defaults"):
            if not os.path.exists(name):
                continue
            with open(name) as f:
                for line in f:
                    m = re.search(r'"(' + re.escape(tree) + r'/[^"]+)"', line)
                    if m and os.path.isfile(m.group(1)):
                        read.add(os.path.relpath(m.group(1), tree))
    # One step of static references, from the modules and NixOS libraries Nix read
    # (flake.nix and nixos/default.nix name half of nixpkgs: not followed).
    files = set(read)
    for path in read:
        if path.endswith(".nix") and path.startswith(("nixos/", "pkgs/pkgs-lib/")):
            files.update(referenced_files(tree, path))
    # The whole lib/ folder, as nixpkgs.lib has it.
    for base, _, names in os.walk(os.path.join(tree, "lib")):
        files.update(os.path.relpath(os.path.join(base, n), tree) for n in names)
    files.discard("nixos/modules/module-list.nix")
    write_manifest(manifest_out, sorted(files), source_repo, source_commit, lib_repo,
                   lib_commit)
    print(f"closure: {len(read)} files read by Nix, {len(files)} in the manifest")


MANIFEST_HEADER = """\
# The partial real nixpkgs of tests/nixpkgs-partial: every file of the tree, with the
# repository and commit it comes from (written by `partial.py closure`; fetch.sh rebuilds
# the tree from it). The tree's nixos/modules/module-list.nix is this folder's
# module-list.nix (qg's own). No file of the tree is committed.
#
# lib/: nix-community/nixpkgs.lib, the whole lib/ folder.
# Everything else: neg-serg/nixpkgs-slim at its first commit 7beb50e7 ("Initial slimmed
# nixpkgs", 2026-07-14, nixpkgs 26.11 pre-release), a copy of NixOS/nixpkgs whose later
# commits delete modules and patch nixos/lib/utils.nix, lib/types.nix and
# systemd/shutdown.nix (hence the first commit). It was taken instead of single files of
# NixOS/nixpkgs from the search index, which holds one version per file at scattered
# commits (its jellyfin.nix is from 2020 and uses `literalExample`, gone from this lib):
# one commit gives a coherent set. Spot checks: misc/lib.nix and misc/extra-arguments.nix
# have the content of the NixOS/nixpkgs copies of the index.
# The files are those Nix 2.8 read while listing the options and defaults of
# run.sh's host, plus the files those NixOS modules name by a relative path.

"""


def write_manifest(out, files, source_repo, source_commit, lib_repo, lib_commit):
    with open(out, "w") as f:
        f.write(MANIFEST_HEADER)
        for path in files:
            repo, commit = ((lib_repo, lib_commit) if path.startswith("lib/")
                            else (source_repo, source_commit))
            f.write("[[file]]\n")
            f.write(f'repository = "{repo}"\n')
            f.write(f'commit = "{commit}"\n')
            f.write(f'path = "{path}"\n\n')


def main(argv):
    if len(argv) >= 2 and argv[1] == "oracle" and len(argv) == 5:
        oracle(argv[2], argv[3], argv[4])
        return 0
    if len(argv) >= 2 and argv[1] == "compare" and len(argv) in (4, 5):
        return compare(argv[2], argv[3], tree=argv[4] if len(argv) == 5 else None)
    if len(argv) >= 2 and argv[1] == "config" and len(argv) == 5:
        config_oracle(argv[2], argv[3], argv[4])
        return 0
    if len(argv) >= 2 and argv[1] == "config-compare" and len(argv) == 6:
        return config_compare(*argv[2:])
    if len(argv) >= 2 and argv[1] == "same" and len(argv) == 4:
        return compare(argv[2], argv[3], qg=load_oracle_as_qg(argv[3]))
    if len(argv) >= 2 and argv[1] == "closure" and len(argv) == 9:
        closure(*argv[2:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
