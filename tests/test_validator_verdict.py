"""The OpenAPI meta-schema check asks jsonschema-rs for a verdict and walks a spec with the Python
jsonschema validator only when it is rejected (generator/check/validate.py: VerdictFirst).

That is only sound while the two agree on every document: a spec the fast verdict passes is never
looked at again. These tests hold them to the same verdict on every spec we have, on random
damage done to a real one, and check that the diagnostics are the same with or without the fast
path.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import validate
from generator.diagnostics import Diagnostics
from generator.load import load_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

pytest.importorskip("jsonschema_rs")


def spec_files() -> list[Path]:
    ours = sorted((ROOT / "specs").glob("*/openapi.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*/*/openapi.yaml"))
    theirs = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".yaml", ".yml", ".json")) if CORPUS.is_dir() else []
    return ours + theirs


def checker_for(data: Any) -> validate.VerdictFirst:
    version = "3.1" if str(data.get("openapi", "")).startswith("3.1") else "3.0"
    return validate._located_validator(version).schema_validator


def python_says_valid(checker: validate.VerdictFirst, data: Any) -> bool:
    return next(iter(checker._explain.iter_errors(data)), None) is None


def load(path: Path) -> Any:
    return load_document(path, Diagnostics()).data


SPECS = spec_files()


@lru_cache(maxsize=None)
def verdicts(path: Path) -> tuple[bool, bool] | None:
    """(jsonschema-rs, Python jsonschema) verdicts on a spec; None for what is not OpenAPI 3."""
    data = load(path)
    if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3."):
        return None
    checker = checker_for(data)
    assert checker._verdict is not None
    return checker._verdict.is_valid(data), python_says_valid(checker, data)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_fast_and_python_verdicts_agree_on_every_spec_we_have(path: Path) -> None:
    both = verdicts(path)
    if both is None:
        pytest.skip("not an OpenAPI 3 document")
    assert both[0] == both[1]


def test_the_specs_include_both_valid_and_invalid_ones() -> None:
    # The agreement above means something only if both verdicts occur among the specs.
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    assert {both[1] for both in map(verdicts, SPECS) if both is not None} == {True, False}


BLUUM = load(ROOT / "specs" / "bluum" / "openapi.yaml")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from([0.5, 1.0, -1.0, "", "x", "x-a", "query", "#/components/schemas/Nope", "3.0.3"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "in", "name", "$ref", "x-y", "description", "schema", "items"]), inner, max_size=3),
    max_leaves=6,
)


def nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += nodes(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += nodes(value, path + (i,))
    return found


BLUUM_NODES = nodes(BLUUM)[1:]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damage=st.lists(st.tuples(st.sampled_from(BLUUM_NODES), json_values, st.booleans()), min_size=1, max_size=3))
def test_fast_and_python_verdicts_agree_on_a_damaged_spec(damage: list[tuple[tuple[Any, ...], Any, bool]]) -> None:
    data = copy.deepcopy(BLUUM)
    for path, value, delete in damage:
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if delete and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this node
    checker = checker_for(data)
    assert checker._verdict.is_valid(data) == python_says_valid(checker, data), json.dumps(damage)[:500]


# --- the same, one schema at a time: openapi-spec-validator checks every schema of a 3.0 spec
# against JSON Schema draft 4's meta-schema (generator/check/validate.py: _schema_verdict_first)


def python_accepts_schema(schema: Any) -> bool:
    from jsonschema.exceptions import SchemaError
    from openapi_schema_validator import OAS30Validator

    try:
        OAS30Validator.check_schema(schema)
    except SchemaError:
        return False
    return True


def fast_accepts_schema(schema: Any) -> bool:
    from openapi_schema_validator import OAS30Validator

    return validate._fast_validator(OAS30Validator.META_SCHEMA).is_valid(schema) and not validate._mentions_pattern(schema)


def schemas_of(data: Any) -> list[Any]:
    """The component schemas and every `schema:` of a parameter, media type or header."""
    found = list(((data.get("components") or {}).get("schemas") or {}).values())
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("schema"), dict):
                found.append(node["schema"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_fast_and_python_schema_checks_agree_on_every_schema_we_have(path: Path) -> None:
    data = load(path)
    if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3.0"):
        pytest.skip("not an OpenAPI 3.0 document")
    for schema in schemas_of(data):
        if not validate._mentions_pattern(schema):
            assert fast_accepts_schema(schema) == python_accepts_schema(schema), schema


schema_keywords = ["type", "format", "items", "properties", "required", "enum", "minimum", "maxLength", "multipleOf", "pattern",
                   "additionalProperties", "allOf", "oneOf", "not", "exclusiveMinimum", "uniqueItems", "default", "$ref", "nullable"]
schema_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, 0.5, 1.0, -1.0, 2.5, "", "string", "object", "integer", "x", "(", "^a+$", "#/x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(schema_keywords + ["a", "b"]), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(schema=st.dictionaries(st.sampled_from(schema_keywords), schema_values, max_size=5))
def test_fast_and_python_schema_checks_agree_on_random_schemas(schema: dict[str, Any]) -> None:
    if validate._mentions_pattern(schema):
        assert not fast_accepts_schema(schema)  # always left to the Python check
    else:
        assert fast_accepts_schema(schema) == python_accepts_schema(schema), schema


def test_a_schema_with_an_invalid_python_regex_is_still_reported(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    A: {type: string, pattern: '(?<name>x)'}\n",  # JavaScript syntax, not Python's
        encoding="utf-8",
    )
    assert any("/components/schemas/A" in line and "regex" in line for line in diagnostics_of(spec))


INVALID = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      responses:
        "200": {descriptio: x}
      parameters:
        - name: q
          in: querx
components:
  schemas:
    A: {type: object, properties: {b: {type: 5}}}
"""


def diagnostics_of(path: Path) -> list[str]:
    diagnostics = Diagnostics()
    doc = load_document(path, diagnostics)
    validate.validate_spec(doc, diagnostics, "3.0")
    return [f"{d.level} {d.code} {d.location.pointer}: {d.message}" for d in diagnostics]


def test_diagnostics_are_the_same_with_or_without_the_fast_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(INVALID, encoding="utf-8")
    with_fast = diagnostics_of(spec)
    assert any("/paths/~1a/get/responses/200" in line for line in with_fast)
    monkeypatch.setattr(validate, "_fast_validator", lambda schema: None)
    validate._located_validator.cache_clear()
    try:
        assert diagnostics_of(spec) == with_fast
    finally:
        validate._located_validator.cache_clear()


@pytest.mark.parametrize("backend", ["jsonschema", "jsonschema-rs"])
def test_openapi_spec_validators_backend_setting_does_not_change_the_messages(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(INVALID, encoding="utf-8")
    expected = diagnostics_of(spec)
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", backend)
    validate._located_validator.cache_clear()
    try:
        assert diagnostics_of(spec) == expected
        assert "is not valid under any of the given schemas" in "\n".join(expected)
    finally:
        validate._located_validator.cache_clear()
