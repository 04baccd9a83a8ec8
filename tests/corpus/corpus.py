"""The corpus of real fleets: qg-check on each fleet of fleets.toml, one table row each.

Run through `tests/corpus/run.sh` (which builds qg-check and sets QG_CHECK and QG_CORPUS).
Fails (exit 1) on any error that `triage.toml` does not list: an error must be a certain
breakage, and each triaged one says why Nix would fail there. `--mutate` runs mutate.py;
`--fetch` clones the fleets into the corpus at their pinned commits.

`--with-inputs` runs each fleet twice: as before (no input on disk), and with the public
inputs of `inputs.toml` given by `--override-input` (from $QG_CORPUS_INPUTS, which
`--fetch-inputs` fills): for every node of the fleet's flake.lock whose locked repository
is one of them, at the shortest input path that reaches it (`clan-core`, `clan-core/disko`),
the checkout of the locked revision, else of the pinned snapshot. Their NAR hashes need not
be the lock's: an override is taken as given, as Nix does. The table then shows hosts found
and errors of both runs. A host counts as found when its modules were evaluated: its
`nixosSystem` module list is known and at least one module other than an unreadable
external one was evaluated (`--list-hosts --format json`: `modules_given` is a number and
`modules` exceeds the number of `externals`); its name alone is not enough.

Sources a fleet pins outside flakes (npins' `npins/sources.json`, niv's `nix/sources.json`:
`builtins.fetchTarball { url; sha256; }`) are inputs too: in `--with-inputs` mode each pin
whose repository is one of `inputs.toml` and whose revision `--fetch-inputs` checked out is
placed in a chroot store folder ($QG_CORPUS_INPUTS/.store, outside this repository) at the
store path its hash gives, if and only if the checkout's NAR hash is the pin's, and the fleet
is run with `--store` on that folder. The notes name each pin placed, and each pin that could
not be (revision not in the snapshot, or another tree).
"""

import base64
import collections
import hashlib
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_toml(name):
    with open(HERE / name, "rb") as f:
        return tomllib.load(f)


def run_with_rusage(argv):
    """Runs argv and returns (stdout, stderr, code, seconds, peak RSS MiB) for that child."""
    start = time.monotonic()
    r_out, w_out = os.pipe()
    r_err, w_err = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(w_out, 1)
        os.dup2(w_err, 2)
        for fd in (r_out, r_err, w_out, w_err):
            os.close(fd)
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    os.close(w_out)
    os.close(w_err)
    out, err = read_both(r_out, r_err)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    return out, err, code, seconds, usage.ru_maxrss / 1024


def read_both(r_out, r_err):
    """Reads two pipes to their end without deadlocking on either."""
    import selectors

    sel = selectors.DefaultSelector()
    chunks = {r_out: [], r_err: []}
    for fd in chunks:
        sel.register(fd, selectors.EVENT_READ)
    open_fds = set(chunks)
    while open_fds:
        for key, _ in sel.select():
            data = os.read(key.fd, 65536)
            if data:
                chunks[key.fd].append(data)
            else:
                sel.unregister(key.fd)
                os.close(key.fd)
                open_fds.discard(key.fd)
    return b"".join(chunks[r_out]), b"".join(chunks[r_err])


def head_commit(path):
    try:
        return subprocess.run(
            ["git", "-C", str(path), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def relative(file, root):
    p = Path(file)
    if not p.is_absolute():
        p = (Path.cwd() / p).resolve()
    try:
        return str(p.relative_to(root))
    except ValueError:
        return str(p)


class Fleet:
    def __init__(self, spec, corpus):
        self.spec = spec
        self.name = spec["name"]
        self.root = (corpus / self.name).resolve()
        self.listed = list(spec.get("hosts", []))


def evaluated(host):
    """Whether a host's modules were evaluated (see the module documentation)."""
    given = host.get("modules_given")
    return isinstance(given, int) and host.get("modules", 0) > len(host.get("externals", []))


def check_fleet(fleet, qg, extra=()):
    """One row: hosts, findings and cost of running qg-check on the fleet (`extra`: more
    arguments, the overrides of `--with-inputs`)."""
    extra = list(extra)
    hosts_out, hosts_err, _, hosts_seconds, _ = run_with_rusage(
        [qg, *extra, "--list-hosts", "--format", "json", str(fleet.root)]
    )
    try:
        listed = json.loads(hosts_out)["flakes"]
        hosts = [h for f in listed for h in f["hosts"]]
        inputs = {i["name"]: i["source"] for f in listed for i in f.get("inputs", [])}
    except (json.JSONDecodeError, KeyError):
        hosts, inputs = [], {}
    out, err, code, seconds, rss = run_with_rusage([qg, *extra, "--format", "json", str(fleet.root)])
    if code not in (0, 1):
        return {"fleet": fleet, "crash": err.decode(errors="replace").strip()[-400:]}
    report = json.loads(out)
    findings = [
        {
            "rule": d["rule"],
            "severity": d["severity"],
            "file": relative(d["file"], fleet.root),
            "line": d["range"]["start"]["line"],
            "message": d["message"],
        }
        for d in report["diagnostics"]
    ]
    return {
        "fleet": fleet,
        "hosts": hosts,
        "inputs": inputs,
        "findings": findings,
        "seconds": seconds,
        "list_seconds": hosts_seconds,
        "rss": rss,
    }


def triaged(triage, fleet_name, f):
    return any(
        t["fleet"] == fleet_name and t["rule"] == f["rule"] and t["file"] == f["file"] and t["line"] == f["line"]
        for t in triage
    )


def per_rule(findings, severity):
    counts = collections.Counter(f["rule"] for f in findings if f["severity"] == severity)
    return " ".join(f"{r}×{n}" for r, n in sorted(counts.items())) or "-"


def fetch_fleets(corpus):
    """Clones every fleet of fleets.toml into the corpus at its pinned commit. A local snapshot
    `$QG_MIRROR/<owner>+<name>/repo` is used when present, else GitHub."""
    corpus.mkdir(parents=True, exist_ok=True)
    mirror = Path(os.environ.get("QG_MIRROR", "/work/.mirror"))
    for spec in load_toml("fleets.toml")["fleet"]:
        dest = corpus / spec["name"]
        local = mirror / spec["repo"].replace("/", "+") / "repo"
        source = str(local) if local.is_dir() else f"https://github.com/{spec['repo']}"
        if not dest.is_dir():
            subprocess.run(["git", "clone", "-q", "--no-checkout", source, str(dest)], check=True)
        subprocess.run(["git", "-C", str(dest), "checkout", "-q", "--detach", spec["commit"]], check=True)
        print(f"{spec['name']}: {spec['commit'][:10]}")
    return 0


def lock_repo(locked):
    """`owner/name` (lower case) of a locked input, or its URL without scheme."""
    if locked.get("type") in ("github", "gitlab", "sourcehut") and "owner" in locked:
        return f"{locked['owner']}/{locked['repo']}".lower()
    url = locked.get("url", "").lower()
    for scheme in ("https://", "http://", "git+https://", "ssh://git@"):
        url = url.removeprefix(scheme)
    url = url.removeprefix("github.com/").removesuffix(".git")
    return url


def input_specs():
    return load_toml("inputs.toml")["input"]


def spec_of(locked, specs):
    """The input of inputs.toml a lock node names, if any."""
    repo = lock_repo(locked)
    for spec in specs:
        names = [spec["repo"].lower(), *(a.lower() for a in spec.get("also", []))]
        if any(repo == n or repo.startswith(n + "/") for n in names):
            return spec
    return None


def input_dir(inputs_root, spec, rev):
    return inputs_root / spec["repo"].replace("/", "+") / rev


NIX32 = "0123456789abcdfghijklmnpqrsvwxyz"


def nix32_encode(data):
    """Nix's base32: 5-bit groups from the end of the bytes, in its own alphabet."""
    out = []
    for n in reversed(range((len(data) * 8 - 1) // 5 + 1)):
        i, j = divmod(n * 5, 8)
        c = data[i] >> j
        if i + 1 < len(data):
            c |= data[i + 1] << (8 - j)
        out.append(NIX32[c & 0x1F])
    return "".join(out)


def nix32_decode(text, size=32):
    data = bytearray(size)
    for n, ch in enumerate(reversed(text)):
        digit = NIX32.index(ch)
        i, j = divmod(n * 5, 8)
        data[i] |= (digit << j) & 0xFF
        if i + 1 < size:
            data[i + 1] |= digit >> (8 - j)
    return bytes(data)


def sha256_of(text):
    """The bytes of a SHA-256 hash in any form pins write: SRI, `sha256:` prefixed,
    base32 or base16; None for anything else."""
    text = text.removeprefix("sha256:")
    if text.startswith("sha256-"):
        data = base64.b64decode(text[len("sha256-"):])
    elif len(text) == 64:
        data = bytes.fromhex(text)
    elif len(text) == 52:
        data = nix32_decode(text)
    else:
        return None
    return data if len(data) == 32 else None


def nar_sha256(path):
    """SHA-256 of the NAR serialisation of a file or folder (what a pin's hash is)."""
    h = hashlib.sha256()

    def text(b):
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
        h.update(b"\0" * ((8 - len(b) % 8) % 8))

    def node(p):
        text(b"(")
        text(b"type")
        if p.is_symlink():
            text(b"symlink")
            text(b"target")
            text(os.fsencode(os.readlink(p)))
        elif p.is_dir():
            text(b"directory")
            for child in sorted(p.iterdir(), key=lambda c: os.fsencode(c.name)):
                text(b"entry")
                text(b"(")
                text(b"name")
                text(os.fsencode(child.name))
                text(b"node")
                node(child)
                text(b")")
        else:
            text(b"regular")
            if os.access(p, os.X_OK):
                text(b"executable")
                text(b"")
            text(b"contents")
            text(p.read_bytes())
        text(b")")

    text(b"nix-archive-1")
    node(path)
    return h.digest()


def source_store_path(nar_hash, name):
    """`/nix/store/<hash>-<name>` of a fixed-output source with this NAR SHA-256."""
    fingerprint = f"source:sha256:{nar_hash.hex()}:/nix/store:{name}".encode()
    digest = hashlib.sha256(fingerprint).digest()
    folded = bytearray(20)
    for i, b in enumerate(digest):
        folded[i % 20] ^= b
    return f"/nix/store/{nix32_encode(bytes(folded))}-{name}"


def fleet_pins(root):
    """The tarball pins of a fleet (npins, niv): (pin name, owner/repo, revision, hash,
    store name) for each pin fetched by `fetchTarball` from a GitHub repository."""
    pins = []
    npins = root / "npins" / "sources.json"
    if npins.is_file():
        for name, pin in json.loads(npins.read_text()).get("pins", {}).items():
            repo = pin.get("repository") or {}
            if repo.get("type") == "GitHub" and pin.get("url") and not pin.get("submodules"):
                pins.append((name, f"{repo['owner']}/{repo['repo']}", pin.get("revision"), pin.get("hash"), "source"))
    niv = root / "nix" / "sources.json"
    if niv.is_file():
        for name, pin in json.loads(niv.read_text()).items():
            if pin.get("type") == "tarball" and pin.get("owner") and pin.get("repo"):
                # niv's sources.nix names the fetched tree after the pin.
                store_name = "".join(c if c.isalnum() or c in "+-._?=" else "-" for c in name) + "-src"
                pins.append((name, f"{pin['owner']}/{pin['repo']}", pin.get("rev"), pin.get("sha256"), store_name))
    return pins


def spec_of_repo(repo, specs):
    return spec_of({"type": "github", "owner": repo.split("/")[0], "repo": repo.split("/")[1]}, specs)


def pinned_store(fleet, inputs_root, specs):
    """Places the fleet's pins that `--fetch-inputs` checked out in the chroot store
    ($QG_CORPUS_INPUTS/.store) when their NAR hash is the pin's: the `--store` argument
    (when any was placed), and notes naming the pins placed and those that could not be."""
    store = inputs_root / ".store"
    placed, lacking = [], []
    for name, repo, rev, hash_text, store_name in fleet_pins(fleet.root):
        spec = spec_of_repo(repo, specs)
        wanted = sha256_of(hash_text or "")
        if spec is None or wanted is None or not rev:
            continue
        folder = input_dir(inputs_root, spec, rev)
        if not folder.is_dir():
            lacking.append(f"{name} ({repo} {rev[:10]} not in the snapshot)")
            continue
        at = source_store_path(wanted, store_name)
        target = store / at.lstrip("/")
        if not target.is_dir():
            if nar_sha256(folder) != wanted:
                lacking.append(f"{name} ({repo} {rev[:10]}: another tree than the pin's hash)")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["cp", "-a", str(folder), str(target)], check=True)
        placed.append(name)
    notes = []
    if placed:
        notes.append(f"{fleet.name}: pins placed in {store}: {', '.join(placed)}")
    if lacking:
        notes.append(f"{fleet.name}: pins not placed: {', '.join(lacking)}")
    return (["--store", str(store)] if placed else []), notes


def fleet_locks(corpus):
    for spec in load_toml("fleets.toml")["fleet"]:
        lock = corpus / spec["name"] / "flake.lock"
        if lock.is_file():
            yield spec["name"], json.loads(lock.read_text())


def fetch_inputs(corpus, inputs_root):
    """Checks out every input of inputs.toml under $QG_CORPUS_INPUTS: at its pinned commit,
    and at each revision a corpus fleet locks that the repository's snapshot holds. A
    local snapshot `$QG_MIRROR/<owner>+<name>/repo` is used when present, else GitHub."""
    mirror = Path(os.environ.get("QG_MIRROR", "/work/.mirror"))
    specs = input_specs()
    wanted = {s["repo"]: {s["commit"]} for s in specs}
    for _, lock in fleet_locks(corpus):
        for node in lock["nodes"].values():
            locked = node.get("locked") or {}
            spec = spec_of(locked, specs)
            if spec and locked.get("rev"):
                wanted[spec["repo"]].add(locked["rev"])
    for spec_fleet in load_toml("fleets.toml")["fleet"]:
        for _, repo, rev, _, _ in fleet_pins(corpus / spec_fleet["name"]):
            spec = spec_of_repo(repo, specs)
            if spec and rev:
                wanted[spec["repo"]].add(rev)
    for spec in specs:
        repo = spec["repo"]
        git_dir = inputs_root / ".git" / (repo.replace("/", "+") + ".git")
        local = mirror / repo.replace("/", "+") / "repo"
        source = str(local) if local.is_dir() else f"https://github.com/{repo}"
        if not git_dir.is_dir():
            git_dir.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "clone", "-q", "--bare", source, str(git_dir)], check=True)
        git = ["git", "--git-dir", str(git_dir)]
        if subprocess.run([*git, "cat-file", "-e", spec["commit"] + "^{commit}"]).returncode != 0:
            print(f"{repo}: pinned commit {spec['commit'][:10]} is not in {source}")
            return 1
        made, lacking = [], []
        for rev in sorted(wanted[repo]):
            dest = input_dir(inputs_root, spec, rev)
            if dest.is_dir():
                made.append(rev)
                continue
            has = subprocess.run([*git, "cat-file", "-e", rev + "^{commit}"], capture_output=True).returncode == 0
            if not has:
                lacking.append(rev)
                continue
            dest.mkdir(parents=True)
            archive = subprocess.Popen([*git, "archive", "--format=tar", rev], stdout=subprocess.PIPE)
            subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
            if archive.wait() != 0:
                print(f"{repo}: git archive {rev} failed")
                return 1
            made.append(rev)
        note = f", {len(lacking)} locked revision(s) not in the snapshot (the pinned one stands for them)" if lacking else ""
        print(f"{repo}: {len(made)} revision(s) under {inputs_root / repo.replace('/', '+')}{note}")
    return 0


def overrides(fleet, inputs_root, specs):
    """The `--override-input` arguments of a fleet and the inputs they give (name →
    checkout), for every node of its lock whose repository was fetched."""
    lock_file = fleet.root / "flake.lock"
    if not lock_file.is_file():
        return [], {}
    lock = json.loads(lock_file.read_text())
    nodes = lock["nodes"]

    def resolve(edge):
        if isinstance(edge, str):
            return edge
        key = lock["root"]
        for name in edge:
            nxt = nodes.get(key, {}).get("inputs", {}).get(name)
            if nxt is None:
                return None
            key = resolve(nxt)
            if key is None:
                return None
        return key

    args, given, seen = [], {}, set()
    queue = [([], lock["root"])]
    while queue:
        path, key = queue.pop(0)
        if key in seen:
            continue
        seen.add(key)
        node = nodes.get(key, {})
        locked = node.get("locked") or {}
        spec = spec_of(locked, specs) if path else None
        if spec:
            rev = locked.get("rev")
            folder = input_dir(inputs_root, spec, rev) if rev else None
            if folder is None or not folder.is_dir():
                folder = input_dir(inputs_root, spec, spec["commit"])
            if folder.is_dir():
                name = "/".join(path)
                sub = locked.get("dir")
                if sub:
                    folder = folder / sub
                args += ["--override-input", name, str(folder)]
                given[name] = str(folder)
        for name, edge in sorted(node.get("inputs", {}).items()):
            child = resolve(edge)
            if child is not None:
                queue.append((path + [name], child))
    return args, given


def main():
    if "--fetch-inputs" in sys.argv[1:]:
        return fetch_inputs(
            Path(os.environ["QG_CORPUS"]).expanduser(),
            Path(os.environ["QG_CORPUS_INPUTS"]).expanduser(),
        )
    if "--fetch" in sys.argv[1:]:
        return fetch_fleets(Path(os.environ["QG_CORPUS"]).expanduser())
    if "--mutate" in sys.argv[1:]:
        sys.path.insert(0, str(HERE))
        import mutate

        return mutate.main()
    qg = os.environ["QG_CHECK"]
    corpus = Path(os.environ["QG_CORPUS"]).expanduser()
    with_inputs = "--with-inputs" in sys.argv[1:]
    inputs_root = Path(os.environ.get("QG_CORPUS_INPUTS", "~/qg-corpus-inputs")).expanduser()
    if with_inputs and not inputs_root.is_dir():
        print(f"corpus: no inputs at {inputs_root} (`run.sh --fetch-inputs` places them)")
        return 1
    specs = input_specs() if with_inputs else []
    fleets = [Fleet(s, corpus) for s in load_toml("fleets.toml")["fleet"]]
    triage = load_toml("triage.toml").get("finding", [])
    chosen = [a for a in sys.argv[1:] if not a.startswith("--")]
    present = [f for f in fleets if f.root.is_dir() and (not chosen or f.name in chosen)]
    if not present:
        print(f"corpus: skipped: none of the fleets of tests/corpus/fleets.toml is under {corpus}")
        return 0
    if with_inputs:
        header = [
            "fleet", "inputs given", "hosts found / listed: without inputs", "with inputs",
            "complete (with)", "errors (untriaged): without", "with", "warnings (with)",
            "time: without", "with, 1st run", "with, 2nd run", "peak RSS (with)",
        ]
    else:
        header = ["fleet", "hosts found / listed", "complete", "errors (untriaged)", "warnings", "time", "peak RSS"]

    def table_row(*cells):
        """A row of the table, its missing cells empty."""
        cells = [*cells, *[""] * (len(header) - len(cells))]
        print("| " + " | ".join(cells) + " |")

    table_row(*header)
    print("|" + "---|" * len(header))
    untriaged, notes = [], []
    totals = collections.Counter()
    seen, seen_errors = set(), set()

    def judge(fleet, row, mode):
        """Found hosts, complete ones and untriaged errors of one run, with its notes."""
        evaluated_names = {h["name"] for h in row["hosts"] if evaluated(h)}
        names = {h["name"] for h in row["hosts"]}
        found = [h for h in fleet.listed if h in evaluated_names]
        complete = [h for h in row["hosts"] if h["name"] in fleet.listed and h["complete"]]
        missing = [h for h in fleet.listed if h not in names]
        unevaluated = [h for h in fleet.listed if h in names and h not in evaluated_names]
        extra = sorted(names - set(fleet.listed))
        if missing:
            notes.append(f"{fleet.name}{mode}: hosts not found: {', '.join(missing)}")
        if unevaluated:
            notes.append(f"{fleet.name}{mode}: hosts named but not evaluated: {', '.join(unevaluated)}")
        if extra:
            notes.append(f"{fleet.name}{mode}: hosts found but not listed: {', '.join(extra)}")
        errors = [f for f in row["findings"] if f["severity"] == "error"]
        seen.add(fleet.name)
        seen_errors.update((fleet.name, f["rule"], f["file"], f["line"]) for f in errors)
        new = [f for f in errors if not triaged(triage, fleet.name, f)]
        for f in new:
            untriaged.append(f"{fleet.name}{mode}/{f['file']}:{f['line']}: {f['rule']} {f['message'][:160]}")
        return found, complete, errors, new

    for fleet in present:
        commit = head_commit(fleet.root)
        if commit and not commit.startswith(fleet.spec["commit"]):
            notes.append(f"{fleet.name}: at {commit[:10]}, pinned {fleet.spec['commit'][:10]}")
        row = check_fleet(fleet, qg)
        if "crash" in row:
            table_row(fleet.name, "qg-check failed")
            untriaged.append(f"{fleet.name}: qg-check failed: {row['crash']}")
            continue
        totals["without"] += row["seconds"]
        totals["listed"] += len(fleet.listed)
        found, complete, errors, new = judge(fleet, row, "")
        totals["found without"] += len(found)
        if not with_inputs:
            table_row(
                fleet.name, f"{len(found)} / {len(fleet.listed)}", f"{len(complete)}",
                f"{len(errors)} ({len(new)})", per_rule(row["findings"], "warning"),
                f"{row['seconds']:.2f} s", f"{row['rss']:.0f} MiB",
            )
            continue
        args, given = overrides(fleet, inputs_root, specs)
        store_args, pin_notes = pinned_store(fleet, inputs_root, specs)
        args += store_args
        notes += pin_notes
        first = check_fleet(fleet, qg, args)
        if "crash" in first:
            table_row(fleet.name, f"{len(given)}", f"{len(found)} / {len(fleet.listed)}", "qg-check failed")
            untriaged.append(f"{fleet.name} (with inputs): qg-check failed: {first['crash']}")
            continue
        second = check_fleet(fleet, qg, args)
        with_found, with_complete, with_errors, with_new = judge(fleet, first, " (with inputs)")
        totals["found with"] += len(with_found)
        totals["with"] += first["seconds"]
        totals["with again"] += second.get("seconds", 0.0)
        not_used = sorted(
            n for n in given if "/" not in n and first["inputs"].get(n) not in ("override", "model")
        )
        if not_used:
            notes.append(f"{fleet.name}: overrides not used: {', '.join(not_used)}")
        roots = sorted(n for n in given if "/" not in n)
        notes.append(
            f"{fleet.name}: inputs given: {', '.join(roots) or 'none'}"
            + (f" (+{len(given) - len(roots)} nested)" if len(given) > len(roots) else "")
        )
        table_row(
            fleet.name, f"{len(given)}", f"{len(found)} / {len(fleet.listed)}",
            f"{len(with_found)} / {len(fleet.listed)}", f"{len(with_complete)}",
            f"{len(errors)} ({len(new)})", f"{len(with_errors)} ({len(with_new)})",
            per_rule(first["findings"], "warning"),
            f"{row['seconds']:.2f} s", f"{first['seconds']:.2f} s", f"{second.get('seconds', 0.0):.2f} s",
            f"{first['rss']:.0f} MiB",
        )
    for t in triage:
        if t["fleet"] in seen and (t["fleet"], t["rule"], t["file"], t["line"]) not in seen_errors:
            notes.append(f"triage entry no longer reported: {t['fleet']}/{t['file']}:{t['line']} {t['rule']}")
    listed = totals["listed"]
    print(f"\n{len(present)} of {len(fleets)} fleets present under {corpus}; qg-check ran {totals['without']:.1f} s in all")
    if listed:
        print(f"hosts found without inputs: {totals['found without']} / {listed} ({100 * totals['found without'] / listed:.0f} %)")
        if with_inputs:
            print(
                f"hosts found with inputs: {totals['found with']} / {listed} ({100 * totals['found with'] / listed:.0f} %); "
                f"with inputs qg-check ran {totals['with']:.1f} s (1st run), {totals['with again']:.1f} s (2nd run)"
            )
    for n in notes:
        print(f"note: {n}")
    if untriaged:
        print(f"\n{len(untriaged)} untriaged error(s) (an error must be certain breakage; triage.toml lists the real ones):")
        for u in untriaged:
            print(f"  {u}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
