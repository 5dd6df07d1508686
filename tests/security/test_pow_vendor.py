"""The browser's proof-of-work solver is the ALTCHA library from npm, served from our origin."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "services" / "gateway" / "static" / "vendor" / "altcha-lib.min.js"
NPM_FILE = ROOT / "node_modules" / "altcha" / "dist" / "lib" / "index.min.js"


def _header_and_body() -> tuple[str, str]:
    text = VENDORED.read_text()
    end = text.index("*/\n") + len("*/\n")
    return text[:end], text[end:]


def test_the_vendored_library_names_its_version_and_licence():
    header, _ = _header_and_body()
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["altcha"]
    assert re.search(rf"ALTCHA library {re.escape(pinned)}\b", header)
    assert "MIT License" in header and "Daniel Regeci" in header and "Dani Biró" in header


def test_the_vendored_library_is_the_npm_file_unchanged():
    if not NPM_FILE.exists():
        pytest.skip("node_modules/altcha is not installed (npm ci)")
    _, body = _header_and_body()
    assert body == NPM_FILE.read_text()
    installed = json.loads((NPM_FILE.parents[2] / "package.json").read_text())["version"]
    assert installed == json.loads((ROOT / "package.json").read_text())["devDependencies"]["altcha"]
