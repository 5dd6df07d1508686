"""Every text key a page uses exists in the German and the English catalogue, and only there.

The pages read their texts through i18n.js's t("key") and data-i18n="key" attributes; a key
missing from a catalogue shows up on the page as the bare key (as "skip" once did on /join). The
catalogues (static/strings-de.js, static/strings-en.js) are parsed here as the plain object
literals they are, and the pages' .js and .html files are scanned for the keys they use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

STATIC = Path(__file__).resolve().parents[2] / "services" / "gateway" / "static"
LANGUAGES = ("de", "en")
PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}

# ---- reading a catalogue: `export default { "key": "text", key: {one: "…", other: "…"}, … };` --

_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/"""  # skipped
    r"""|(?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')"""
    r"""|(?P<name>[A-Za-z_$][\w$]*)|(?P<punct>[{}:,;])""",
    re.S,
)


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")


def _tokens(source: str) -> Iterator[tuple[str, str]]:
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            raise ValueError(f"cannot read {source[pos : pos + 40]!r} (only plain literals)")
        pos = match.end()
        if match.lastgroup == "str":
            yield "str", _ESCAPE.sub(_unescape, match.group()[1:-1])
        elif match.lastgroup:
            yield match.lastgroup, match.group()


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        return chr(int(match.group(1), 16))
    return {"n": "\n", "t": "\t"}.get(match.group(2), match.group(2))


class Catalogue:
    """The entries of one strings-<lang>.js, and the keys it defines more than once."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self.duplicates: list[str] = []
        tokens = _tokens(path.read_text(encoding="utf-8"))
        start = [next(tokens) for _ in range(3)]
        assert start == [("name", "export"), ("name", "default"), ("punct", "{")], (
            f"{self.name} must be `export default {{ … }}`"
        )
        self.entries = self._object(tokens)
        rest = [token for token in tokens if token != ("punct", ";")]
        assert rest == [], f"{self.name}: text after the object: {rest[:3]}"

    def _object(self, tokens: Iterator[tuple[str, str]]) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for kind, key in tokens:
            if (kind, key) == ("punct", "}"):
                return entries
            assert kind in ("str", "name"), f"{self.name}: expected a key, got {key!r}"
            assert next(tokens) == ("punct", ":"), f"{self.name}: expected ':' after {key!r}"
            kind, value = next(tokens)
            if (kind, value) == ("punct", "{"):
                value = self._object(tokens)  # plural forms
            else:
                assert kind == "str", f"{self.name}: {key!r} is not a plain string"
            if key in entries:
                self.duplicates.append(key)
            entries[key] = value
            after = next(tokens)
            if after == ("punct", "}"):
                return entries
            assert after == ("punct", ","), f"{self.name}: expected ',' after {key!r}"
        raise AssertionError(f"{self.name}: the object is not closed")


@pytest.fixture(scope="module")
def catalogues() -> dict[str, Catalogue]:
    return {code: Catalogue(STATIC / f"strings-{code}.js") for code in LANGUAGES}


# ---- the keys the pages use ---------------------------------------------------------------------

JS_T_CALL = re.compile(r"""\bt\(\s*(["'])([^"'\\\n]*)\1""")
JS_STRING = re.compile(r"""(?<![\w$])(["'])((?:(?!\1)[^\\\n])*)\1""")
JS_TEMPLATE_HEAD = re.compile(r"`([\w.]*\.)\$\{")
# Comments go before the scan (their apostrophes would open strings); strings, templates and
# regular expressions are matched first so that a "//" inside them is not taken for a comment.
JS_COMMENT = re.compile(
    r"""(?P<keep>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`"""
    r"""|(?<=[(,=:!&|?])\s*/(?![/*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[a-z]*)"""
    r"""|//[^\n]*|/\*.*?\*/""",
    re.S,
)
HTML_KEY = re.compile(
    r"""\bdata-(?:i18n|tagline)="([^"]+)"|name="i18n-title"\s+content="([^"]+)\""""
)
HTML_ATTR_KEYS = re.compile(r"""\bdata-i18n-attr="([^"]+)\"""")


def without_comments(code: str) -> str:
    return JS_COMMENT.sub(lambda m: m.group("keep") if m.group("keep") is not None else " ", code)


def page_files() -> list[Path]:
    files = [
        path
        for path in sorted(STATIC.glob("*"))
        if path.suffix in (".js", ".html") and not path.name.startswith("strings-")
    ]
    assert files, f"no pages under {STATIC}"
    return files


def used_keys(areas: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """{key: files} of the keys written out in the pages, and {prefix: files} of the keys built
    from a template (`v.type.${type}`). Besides t("…") and the data-i18n attributes, a JavaScript
    string shaped like a key of a known area ("c.form.loc.none", kept in a variable) counts."""
    keys: dict[str, set[str]] = defaultdict(set)
    prefixes: dict[str, set[str]] = defaultdict(set)
    key_shape = re.compile(rf"^(?:{'|'.join(map(re.escape, sorted(areas)))})\.[\w.]+$")
    for path in page_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".js":
            text = without_comments(text)
            for match in JS_T_CALL.finditer(text):
                keys[match.group(2)].add(path.name)
            for match in JS_STRING.finditer(text):
                literal = match.group(2)
                if key_shape.match(literal):
                    keys[literal].add(path.name)
            for match in JS_TEMPLATE_HEAD.finditer(text):
                if match.group(1).split(".")[0] in areas:
                    prefixes[match.group(1)].add(path.name)
        else:
            for match in HTML_KEY.finditer(text):
                keys[match.group(1) or match.group(2)].add(path.name)
            for match in HTML_ATTR_KEYS.finditer(text):
                for pair in match.group(1).split(";"):
                    keys[pair.split(":", 1)[1].strip()].add(path.name)
    return keys, prefixes


def areas_of(catalogues: dict[str, Catalogue]) -> set[str]:
    return {key.split(".")[0] for c in catalogues.values() for key in c.entries if "." in key}


# ---- the tests ------------------------------------------------------------------------------------


def test_each_key_is_defined_once_per_language(catalogues: dict[str, Catalogue]) -> None:
    twice = {code: c.duplicates for code, c in catalogues.items() if c.duplicates}
    assert twice == {}, f"keys defined more than once (the last one wins silently): {twice}"


def test_every_key_names_its_area(catalogues: dict[str, Catalogue]) -> None:
    # "area.name": the scan recognises such a string in code as a key (see used_keys).
    bare = sorted({key for c in catalogues.values() for key in c.entries if "." not in key})
    assert bare == [], f"keys without an area prefix: {bare}"


def test_both_languages_define_the_same_keys(catalogues: dict[str, Catalogue]) -> None:
    keys = {code: set(c.entries) for code, c in catalogues.items()}
    only = {
        code: sorted(keys[code] - set().union(*(keys[o] for o in LANGUAGES if o != code)))
        for code in LANGUAGES
    }
    assert not any(only.values()), "keys defined in one language only:\n" + "\n".join(
        f"  only in strings-{code}.js: {missing}" for code, missing in only.items() if missing
    )


def test_every_key_a_page_uses_exists_in_both_languages(catalogues: dict[str, Catalogue]) -> None:
    keys, prefixes = used_keys(areas_of(catalogues))
    assert len(keys) > 100, f"the scan found only {len(keys)} keys; is it still reading the pages?"
    report = []
    for code, catalogue in catalogues.items():
        missing = {key: files for key, files in keys.items() if key not in catalogue.entries}
        empty = {
            prefix: files
            for prefix, files in prefixes.items()
            if not any(key.startswith(prefix) for key in catalogue.entries)
        }
        for key, files in sorted({**missing, **{f"{p}*": f for p, f in empty.items()}}.items()):
            report.append(f"  strings-{code}.js lacks {key!r} (used in {', '.join(sorted(files))})")
    assert report == [], "keys the pages use but a catalogue lacks:\n" + "\n".join(report)


def test_no_key_is_left_unused(catalogues: dict[str, Catalogue]) -> None:
    keys, prefixes = used_keys(areas_of(catalogues))
    unused = sorted(
        key
        for key in catalogues["de"].entries
        if key not in keys and not any(key.startswith(p) for p in prefixes)
    )
    assert unused == [], f"keys no page uses (remove them from both catalogues): {unused}"


def test_plural_forms_and_placeholders_agree(catalogues: dict[str, Catalogue]) -> None:
    problems = []
    for key in catalogues["de"].entries:
        placeholders = {}
        for code, catalogue in catalogues.items():
            value = catalogue.entries.get(key)
            if value is None:
                continue  # reported by test_both_languages_define_the_same_keys
            forms = value if isinstance(value, dict) else {"": value}
            if isinstance(value, dict) and ("other" not in forms or set(forms) - PLURAL_CATEGORIES):
                problems.append(f"{code} {key!r}: plural forms {sorted(forms)} (need 'other')")
            placeholders[code] = set().union(*(re.findall(r"\{(\w+)\}", f) for f in forms.values()))
        if len({frozenset(p) for p in placeholders.values()}) > 1:
            problems.append(f"{key!r}: placeholders differ {placeholders}")
    assert problems == [], "\n".join(problems)
