"""The corpus of real fleets: qg-check on each fleet of fleets.toml, one table row each.

Run through `tests/corpus/run.sh` (which builds qg-check and sets QG_CHECK and QG_CORPUS).
Fails (exit 1) on any error that `triage.toml` does not list: an error must be a certain
breakage, and each triaged one says why Nix would fail there. `--mutate` runs mutate.py;
`--fetch` clones the fleets into the corpus at their pinned commits.
"""

import collections
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


def check_fleet(fleet, qg):
    """One row: hosts, findings and cost of running qg-check on the fleet."""
    hosts_out, _, _, _, _ = run_with_rusage([qg, "--list-hosts", "--format", "json", str(fleet.root)])
    try:
        hosts = [h for f in json.loads(hosts_out)["flakes"] for h in f["hosts"]]
    except (json.JSONDecodeError, KeyError):
        hosts = []
    out, err, code, seconds, rss = run_with_rusage([qg, "--format", "json", str(fleet.root)])
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
        "findings": findings,
        "seconds": seconds,
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


def main():
    if "--fetch" in sys.argv[1:]:
        return fetch_fleets(Path(os.environ["QG_CORPUS"]).expanduser())
    if "--mutate" in sys.argv[1:]:
        sys.path.insert(0, str(HERE))
        import mutate

        return mutate.main()
    qg = os.environ["QG_CHECK"]
    corpus = Path(os.environ["QG_CORPUS"]).expanduser()
    fleets = [Fleet(s, corpus) for s in load_toml("fleets.toml")["fleet"]]
    triage = load_toml("triage.toml").get("finding", [])
    present = [f for f in fleets if f.root.is_dir()]
    if not present:
        print(f"corpus: skipped: none of the fleets of tests/corpus/fleets.toml is under {corpus}")
        return 0
    print("| fleet | hosts found / listed | complete | errors (untriaged) | warnings | time | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    untriaged, notes, total = [], [], 0.0
    seen, seen_errors = set(), set()
    for fleet in present:
        commit = head_commit(fleet.root)
        if commit and not commit.startswith(fleet.spec["commit"]):
            notes.append(f"{fleet.name}: at {commit[:10]}, pinned {fleet.spec['commit'][:10]}")
        row = check_fleet(fleet, qg)
        if "crash" in row:
            print(f"| {fleet.name} | qg-check failed | | | | | |")
            untriaged.append(f"{fleet.name}: qg-check failed: {row['crash']}")
            continue
        total += row["seconds"]
        names = {h["name"] for h in row["hosts"]}
        found = [h for h in fleet.listed if h in names]
        complete = [h for h in row["hosts"] if h["name"] in fleet.listed and h["complete"]]
        missing = [h for h in fleet.listed if h not in names]
        extra = sorted(names - set(fleet.listed))
        if missing:
            notes.append(f"{fleet.name}: hosts not found: {', '.join(missing)}")
        if extra:
            notes.append(f"{fleet.name}: hosts found but not listed: {', '.join(extra)}")
        errors = [f for f in row["findings"] if f["severity"] == "error"]
        seen.add(fleet.name)
        seen_errors.update((fleet.name, f["rule"], f["file"], f["line"]) for f in errors)
        new = [f for f in errors if not triaged(triage, fleet.name, f)]
        for f in new:
            untriaged.append(f"{fleet.name}/{f['file']}:{f['line']}: {f['rule']} {f['message'][:160]}")
        print(
            f"| {fleet.name} | {len(found)} / {len(fleet.listed)} | {len(complete)} "
            f"| {len(errors)} ({len(new)}) | {per_rule(row['findings'], 'warning')} "
            f"| {row['seconds']:.2f} s | {row['rss']:.0f} MiB |"
        )
    for t in triage:
        if t["fleet"] in seen and (t["fleet"], t["rule"], t["file"], t["line"]) not in seen_errors:
            notes.append(f"triage entry no longer reported: {t['fleet']}/{t['file']}:{t['line']} {t['rule']}")
    print(f"\n{len(present)} of {len(fleets)} fleets present under {corpus}; qg-check ran {total:.1f} s in all")
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
