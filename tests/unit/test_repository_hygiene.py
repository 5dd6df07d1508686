"""Nothing from a developer's machine may leak into the repository.

A clone on a machine that never had the repository must start: no tracked symlink that points out
of the tree (a `.venv -> /tmp/...` once made `make run` fail with "File exists"), no build outputs,
no text that names a developer's absolute paths.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Directories and files that only a build, an install or a tool run produces.
BUILD_OUTPUT = re.compile(
    r"(^|/)(\.venv|venv|node_modules|__pycache__|\.pytest_cache|\.ruff_cache|build|dist|var"
    r"|test-artifacts)(/|$)|\.egg-info(/|$)|\.py[co]$|\.so$"
)
# Absolute paths of this kind of machine: home folders, the workspace, temporary folders.
ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(home|Users|work|root|tmp)/[\w.-]+")
# Places where such a path is the point: this test's own patterns and documented examples.
ALLOWED_PATH_MENTIONS = {"tests/unit/test_repository_hygiene.py"}


def tracked_files() -> list[str]:
    """Paths git tracks in this checkout, relative to the repository root."""
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [p for p in out.decode().split("\0") if p]


@pytest.fixture(scope="module")
def files() -> list[str]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return tracked_files()


def test_no_tracked_symlink_leaves_the_repository(files: list[str]) -> None:
    leaving = []
    for name in files:
        path = ROOT / name
        if path.is_symlink():
            target = os.readlink(path)
            resolved = (path.parent / target).resolve()
            if os.path.isabs(target) or not resolved.is_relative_to(ROOT):
                leaving.append(f"{name} -> {target}")
    assert leaving == [], f"tracked symlinks that point out of the repository: {leaving}"


def test_no_build_outputs_are_tracked(files: list[str]) -> None:
    outputs = [name for name in files if BUILD_OUTPUT.search(name)]
    assert outputs == [], f"build outputs tracked by git: {outputs[:10]}"


def test_no_text_names_a_developers_absolute_path(files: list[str]) -> None:
    found = []
    for name in files:
        path = ROOT / name
        if name in ALLOWED_PATH_MENTIONS or path.is_symlink() or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        for lineno, line in enumerate(text.splitlines(), 1):
            if ABSOLUTE_PATH.search(line):
                found.append(f"{name}:{lineno}: {line.strip()[:80]}")
    assert found == [], "absolute paths of a developer's machine:\n" + "\n".join(found[:20])


def test_the_patterns_catch_what_once_broke_fresh_clones() -> None:
    # Guards the guard: the exact leaks that broke a fresh clone must match.
    assert BUILD_OUTPUT.search("oecherlab_cocreation.egg-info/PKG-INFO")
    assert BUILD_OUTPUT.search(".venv")
    assert ABSOLUTE_PATH.search("ln -s /tmp/lockvenv .venv")
    assert not ABSOLUTE_PATH.search("VAR_DIR=var/run and /api/ideas and /usr/bin/env bash")
