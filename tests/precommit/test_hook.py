"""The qg-check pre-commit hook, run by the real pre-commit in a temporary git repository
holding the example fleet: a clean commit passes, a commit with a mistake is blocked."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLEET = REPO / "examples" / "qgroget"


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def fleet_repo(tmp_path_factory):
    """A git repository with the example fleet and a pre-commit config pointing at qg."""
    root = tmp_path_factory.mktemp("fleet")
    shutil.copytree(FLEET, root, dirs_exist_ok=True)
    rev = git(REPO, "rev-parse", "HEAD").stdout.strip()
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {rev}\n    hooks:\n      - id: qg-check\n"
    )
    git(root, "init", "-q")
    git(root, "config", "user.email", "test@example.org")
    git(root, "config", "user.name", "test")
    env = hook_env(root)
    subprocess.run(["pre-commit", "install"], cwd=root, check=True, env=env, capture_output=True)
    # Build the hook once (cargo install of this repository at HEAD).
    subprocess.run(["pre-commit", "install-hooks"], cwd=root, check=True, env=env)
    return root


def hook_env(root):
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(REPO / "target" / "pre-commit-home")
    # Reuse compiled dependencies across runs of this test on one machine.
    env["CARGO_TARGET_DIR"] = str(REPO / "target" / "pre-commit-build")
    env.pop("NO_COLOR", None)
    return env


def commit(root, message):
    git(root, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=root, env=hook_env(root), capture_output=True, text=True,
    )


def test_manifest_is_valid():
    subprocess.run(["pre-commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], check=True)


def test_clean_fleet_commits(fleet_repo):
    result = commit(fleet_repo, "the example fleet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "qg-check" in result.stdout + result.stderr
    assert "Passed" in result.stdout + result.stderr


def test_mistake_blocks_the_commit(fleet_repo):
    module = fleet_repo / "modules" / "server" / "media" / "video" / "jellyfin.nix"
    text = module.read_text()
    assert "\nin {\n" in text
    module.write_text(text.replace("\nin {\n", "\nin {\n  networking.qgBroken = undefinedPort;\n", 1))
    result = commit(fleet_repo, "a seeded mistake")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Failed" in output
    assert "error[QG002]: undefined variable `undefinedPort`" in output
    assert "modules/server/media/video/jellyfin.nix:5:" in output
    module.write_text(text)
    git(fleet_repo, "add", "-A")


def test_hook_run_time_is_reported(fleet_repo):
    """Speed is reported, not asserted: the number lands in the test output."""
    env = hook_env(fleet_repo)
    start = time.monotonic()
    result = subprocess.run(
        ["pre-commit", "run", "qg-check", "--all-files"], cwd=fleet_repo, env=env,
        capture_output=True, text=True,
    )
    took = time.monotonic() - start
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\npre-commit run qg-check --all-files on the example fleet: {took * 1000:.0f} ms")
