"""A large YAML spec is parsed as two halves on two cores (generator/load/halves.py).

The halves must always merge into exactly what parsing the whole text gives, key order
included, or the cut must be refused (or fail to parse, in which case the whole text is parsed
again). These tests hold it to that on every YAML spec we have, on texts built to trip it, and
on random documents; and check that errors in a large document are reported as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_document
from generator.load import parse as parse_module
from generator.load.halves import Cut, cut_in_two, merge
from generator.load.parse import ParseError, SpecLoader, parse_text
from generator.diagnostics import Diagnostics, SpecError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def whole(text: str) -> Any:
    return yaml.load(text, Loader=SpecLoader)  # noqa: S506 - a safe loader


def halves(cut: Cut) -> Any:
    """The merged halves, or None when a half does not parse (the caller then parses the whole)."""
    try:
        first, second = whole(cut.first), whole(cut.second)
    except yaml.YAMLError:
        return None
    return merge(first, second, cut)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same key order at every level (dict == ignores order)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def yaml_specs() -> list[Path]:
    ours = sorted(p for p in (ROOT / "specs").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    theirs = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml")) if CORPUS.is_dir() else []
    return ours + theirs


@pytest.mark.parametrize("path", yaml_specs(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_every_yaml_spec_we_have_gives_the_same_data_from_its_halves(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cut = cut_in_two(text)
    if cut is None:
        pytest.skip("not cut (anchors, markers or no top-level mapping)")
    merged = halves(cut)
    assert merged is not None, "both halves of a real spec parse"
    assert same(merged, whole(text))


def test_stripe_is_cut_inside_paths_near_its_middle() -> None:
    path = CORPUS / "stripe" / "spec3.yaml"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    text = path.read_text(encoding="utf-8")
    cut = cut_in_two(text)
    assert cut is not None and cut.key == "paths"
    assert abs(len(cut.first) - len(cut.second)) < len(text) // 10


# Texts built to trip a line-based cut. Each either is refused, or its halves fail to parse, or
# they give exactly the whole; never something else.
TRICKY = {
    "flow mapping over lines": "a: 1\npaths:\n  /x: {b: 1,\n  c: 2}\n  /y: 3\n  /z: 4\nz: 1\n",
    "flow sequence over lines": "a: 1\npaths:\n  /x: [1,\n  2]\n  /y: [3]\n  /z: 4\n",
    "quoted scalar over lines": 'a: 1\nb: "x\nc: y"\nd: 2\ne: 3\n',
    "single quoted over lines": "a: 1\nb: 'x\n  c: y'\nd: 2\ne: 3\nf: 4\n",
    "block scalar": "a: |\n  b: 1\n  c: 2\nd:\n  e: |\n    f: 1\n  g: 2\n  h: 3\n",
    "repeated top-level key": "a: 1\nb: 2\na: 3\nc: 4\n",
    "repeated child key": "a: 1\np:\n  x: 1\n  y: 2\n  x: 3\n  z: 4\n  w: 5\n",
    "comments and blanks": "# head\n\na: 1\n# mid\np:\n  # c\n  x: 1\n\n  y: 2\n  # c\n  z: 3\nq: 4\n",
    "crlf": "a: 1\r\np:\r\n  x: 1\r\n  y: 2\r\n  z: 3\r\nq: 4\r\n",
    "quoted keys": "'a': 1\n\"p\":\n  'x': 1\n  \"y\": 2\n  z: 3\nq: 4\n",
    "integer keys": "a: 1\nresponses:\n  200: x\n  404: y\n  500: z\nq: 4\n",
    "sequence block": "a: 1\np:\n  - x\n  - y\n  - z\nq: 4\n",
    "less indented line": "a: 1\np:\n    x: 1\n  y: 2\n    z: 3\nq: 4\n",
    "anchors": "a: &x {b: 1}\np:\n  x: *x\n  y: 2\nq: *x\n",
    "document markers": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: 1\nb: 2\n",
    "explicit key": "a: 1\n? p\n: 2\nq: 3\n",
    "top-level sequence": "- a\n- b\n- c\n",
    "byte order mark": "\ufeffa: 1\np:\n  x: 1\n  y: 2\nq: 3\n",
    "tab indentation": "a: 1\np:\n\tx: 1\nq: 3\n",
    "value on header": "a: 1\np: {x: 1,\n  y: 2}\nq: 3\n",
    "empty document": "",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_a_cut_never_changes_the_meaning_of_a_tricky_text(text: str) -> None:
    cut = cut_in_two(text)
    if cut is None:
        return
    try:
        expected = whole(text)
    except yaml.YAMLError:
        assert halves(cut) is None or halves(cut) is not None  # anything; the whole text's error is what is reported
        return
    merged = halves(cut)
    assert merged is None or same(merged, expected)


def test_plain_block_documents_are_cut() -> None:
    # The refusals above must not make every text uncuttable.
    for name in ("comments and blanks", "crlf", "quoted keys", "integer keys", "repeated child key", "byte order mark"):
        assert cut_in_two(TRICKY[name]) is not None, name


keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
documents = st.dictionaries(
    keys,
    st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents, flow=st.sampled_from([False, None]), width=st.sampled_from([20, 80, 4096]), comment=st.booleans())
def test_random_documents_give_the_same_data_from_their_halves(data: dict[str, Any], flow: bool | None, width: int, comment: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=True, sort_keys=False)
    if comment:
        text = "\n# a comment\n".join(text.split("\n", 2)[:2]) + "\n" + "".join(text.split("\n", 2)[2:])
    try:
        expected = whole(text)
    except yaml.YAMLError:
        return
    cut = cut_in_two(text)
    if cut is not None:
        merged = halves(cut)
        assert merged is None or same(merged, expected), (text, cut)


def big_spec(paths: int) -> str:
    lines = ["openapi: 3.0.3", "info:", "  title: Big", "  version: '1'", "paths:"]
    for i in range(paths):
        lines += [f"  /items/{i}:", "    get:", f"      operationId: get{i}", "      description: " + "x" * 200, "      responses:", "        '200':", "          description: ok"]
    return "\n".join(lines) + "\n"


def test_parse_text_uses_the_halves_for_a_large_spec_and_gets_the_same_data(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_spec(4000)
    assert len(text) > parse_module.PARALLEL_MIN_CHARS
    used = []
    real = parse_module._parse_yaml_in_halves
    monkeypatch.setattr(parse_module, "_parse_yaml_in_halves", lambda t: used.append(1) or real(t))
    data = parse_text("big.yaml", text)
    assert used and real(text) is not None
    assert same(data, whole(text))


def test_an_error_in_a_large_spec_is_located_as_in_the_whole_text(tmp_path: Path) -> None:
    text = big_spec(4000).replace("          description: ok\n", "          description: [ok\n", 1)
    path = tmp_path / "openapi.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load_document(path, Diagnostics())
    with pytest.raises(yaml.MarkedYAMLError) as direct:
        whole(text)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.location.line, diagnostic.location.column) == (direct.value.problem_mark.line + 1, direct.value.problem_mark.column + 1)


def test_without_fork_a_large_spec_is_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_NO_FORK", "1")
    text = big_spec(4000)
    assert parse_module._parse_yaml_in_halves(text) is None
    assert same(parse_text("big.yaml", text), whole(text))
