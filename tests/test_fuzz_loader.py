"""Issue #8: malformed documents never crash sdkgen. Whatever bytes a spec holds — broken YAML
or JSON, wrong types at any level, ``$ref`` to nowhere / to itself / out of the folder, deep
nesting, alias bombs, foreign encodings — ``sdkgen validate`` and ``sdkgen generate`` answer with
a message and exit code 0, 1 or 2: never 3 (internal error), never a traceback, never a hang.

Hand-written hostile documents first, then hypothesis mutating a small valid spec (a fixed
seed and a bounded number of examples, so CI is reproducible and quick).
"""

from __future__ import annotations

import copy
import json
import os
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli

SECONDS_PER_RUN = 60
# Bounded for CI; SDKGEN_FUZZ_EXAMPLES=500 digs deeper locally.
EXAMPLES = int(os.environ.get("SDKGEN_FUZZ_EXAMPLES", "100"))


class Hang(BaseException):
    """Raised by the alarm; a BaseException so the CLI's own error handling cannot swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_handled(args: list[str]) -> int:
    """Run the CLI in-process; it must exit 0/1/2 with no traceback, and explain any failure."""
    with time_limit(SECONDS_PER_RUN):
        result = CliRunner().invoke(cli.main, args)
    assert isinstance(result.exception, (SystemExit, type(None))), result.exc_info
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code:
        assert result.stderr.strip(), "a failure must say why"
    return result.exit_code


def check_everywhere(spec: Path, out: Path) -> None:
    code = assert_handled(["validate", str(spec)])
    if code in (0, 1):  # readable: generating must fail or succeed just as cleanly
        assert_handled(["generate", str(spec), "--lang", "python", "--out", str(out)])


@pytest.fixture(autouse=True)
def no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKGEN_DEBUG", raising=False)


# --- hand-written hostile documents -----------------------------------------------------------

VALID = {
    "openapi": "3.0.3",
    "info": {"title": "Fuzz", "version": "1"},
    "servers": [{"url": "https://{region}.example.com", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}}],
    "tags": [{"name": "Things", "description": "d"}],
    "security": [{"Key": []}],
    "paths": {
        "/things/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "getThing",
                "tags": ["Things"],
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "404": {"description": "no", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
            "post": {
                "operationId": "updateThing",
                "tags": ["Things"],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                "responses": {"201": {"description": "ok"}},
            },
        },
    },
    "components": {
        "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "kind": {"type": "string", "enum": ["x", "y"], "default": "x", "nullable": True},
                    "parent": {"$ref": "#/components/schemas/Thing"},
                },
            },
            "Error": {"type": "object", "properties": {"code": {"type": "string", "enum": ["E1"]}, "message": {"type": "string"}}},
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["cat"]}}},
            "Dog": {"allOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "object", "properties": {"kind": {"type": "string", "enum": ["dog"]}}}]},
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}},
            },
        },
    },
}


def mutated(pointer: str, value: Any) -> dict[str, Any]:
    """VALID with the node at a JSON-pointer-like path (``~1`` for ``/``) replaced or added."""
    doc = copy.deepcopy(VALID)
    *parents, last = [k.replace("~1", "/").replace("~0", "~") for k in pointer.split("/")]
    node: Any = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


WRONG_TYPES = [
    ("openapi", 3.0), ("openapi", "2.0"), ("openapi", None), ("info", []), ("info", "x"), ("info/title", {"a": 1}),
    ("info/version", 1.5), ("paths", []), ("paths", "x"), ("paths/~1things~1{id}", []), ("servers", "x"),
    ("servers/0", "x"), ("servers/0/url", 5), ("servers/0/variables", []), ("servers/0/variables/region", "eu"),
    ("servers/0/variables/region/enum", "eu"), ("servers/0/variables/region/default", 7), ("tags", {"a": 1}),
    ("tags/0", "x"), ("tags/0/name", ["x"]), ("security", {"Key": []}), ("security/0", ["Key"]), ("components", []),
    ("components/schemas", "x"), ("components/schemas/Thing", "x"), ("components/schemas/Thing", []),
    ("components/schemas/Thing", 5), ("components/schemas/Thing/type", ["object", 5]), ("components/schemas/Thing/properties", []),
    ("components/schemas/Thing/properties/id", "string"), ("components/schemas/Thing/required", "id"),
    ("components/schemas/Thing/required", [5, None]), ("components/schemas/Thing/properties/kind/enum", {"a": 1}),
    ("components/schemas/Thing/properties/kind/enum", [[1], {"a": None}, None, 1.5]), ("components/schemas/Thing/properties/tags/items", []),
    ("components/schemas/Thing/properties/meta/additionalProperties", "x"), ("components/schemas/Dog/allOf", {"a": 1}),
    ("components/schemas/Dog/allOf", [5, "x", None]), ("components/schemas/Pet/oneOf", [5, "x"]), ("components/schemas/Pet/oneOf", {}),
    ("components/schemas/Pet/discriminator", "kind"), ("components/schemas/Pet/discriminator/mapping", ["cat"]),
    ("components/schemas/Pet/discriminator/mapping/cat", ["#/components/schemas/Cat"]), ("components/schemas/Pet/discriminator/propertyName", 5),
    ("components/securitySchemes", []), ("components/securitySchemes/Key", "x"), ("components/securitySchemes/Key/type", 5),
    ("paths/~1things~1{id}/parameters", {"a": 1}), ("paths/~1things~1{id}/parameters/0", "id"),
    ("paths/~1things~1{id}/parameters/0/name", None), ("paths/~1things~1{id}/parameters/0/in", "body"),
    ("paths/~1things~1{id}/get", []), ("paths/~1things~1{id}/get/operationId", 5), ("paths/~1things~1{id}/get/tags", "Things"),
    ("paths/~1things~1{id}/get/tags", [None, 5]), ("paths/~1things~1{id}/get/responses", []),
    ("paths/~1things~1{id}/get/responses/200", "ok"), ("paths/~1things~1{id}/get/responses/200/content", "json"),
    ("paths/~1things~1{id}/get/responses/200/content/application~1json/schema", "Thing"),
    ("paths/~1things~1{id}/post/requestBody", []), ("paths/~1things~1{id}/post/requestBody/content", []),
    ("paths/~1things~1{id}/get/x-sdk-group", ["x"]), ("paths/~1things~1{id}/get/x-sdk-method", {"a": 1}),
    ("paths/~1things~1{id}/get/x-sdk-method", ""),
]

BAD_REFS = [
    "#/components/schemas/Nowhere", "#/components/schemas/Thing/properties/parent", "#", "#/", "#/components/schemas/~2",
    "#/components/schemas/%", "../outside.yaml", "../outside.yaml#/x", "/etc/passwd", "file:///etc/passwd",
    "http://127.0.0.1:9/spec.yaml", "other.yaml#/components/schemas/X", ".", "dir/", "#/paths", "#/info/title",
    "a" * 5000, "\x00", "#/components/schemas/Thing/properties/id/type",
]


@pytest.mark.parametrize("pointer,value", WRONG_TYPES, ids=[f"{p}={v!r}"[:60] for p, v in WRONG_TYPES])
def test_wrong_types_are_reported_not_crashed(pointer: str, value: Any, tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(mutated(pointer, value)), encoding="utf-8")
    check_everywhere(spec, tmp_path / "out")


def _containers(node: Any, pointer: str = "") -> list[tuple[str, Any]]:
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        child_pointer = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}".lstrip("/")
        if isinstance(child, (dict, list)):
            out.append((child_pointer, child))
            out += _containers(child, child_pointer)
    return out


# Every array or object of VALID replaced by a number, and by a non-empty container of the other kind.
SWAPPED = [(ptr, replacement) for ptr, node in _containers(VALID) for replacement in (5, ["x"] if isinstance(node, dict) else {"x": 1})]


@pytest.mark.parametrize("pointer,value", SWAPPED, ids=[f"{p}={v!r}"[:60] for p, v in SWAPPED])
def test_every_container_of_the_wrong_type_is_reported_not_crashed(pointer: str, value: Any, tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(mutated(pointer, value)), encoding="utf-8")
    check_everywhere(spec, tmp_path / "out")


@pytest.mark.parametrize("ref", BAD_REFS, ids=[repr(r)[:40] for r in BAD_REFS])
@pytest.mark.parametrize("pointer", ["components/schemas/Thing/properties/parent", "paths/~1things~1{id}/post/requestBody",
                                     "components/schemas/Thing", "paths/~1things~1{id}/parameters/0"])
def test_bad_refs_are_reported_not_crashed(ref: str, pointer: str, tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path.parent / "outside.yaml").write_text("x: 1\n", encoding="utf-8")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(mutated(pointer, {"$ref": ref})), encoding="utf-8")
    check_everywhere(spec, tmp_path / "out")


def test_refs_in_a_cycle_of_aliases_only(tmp_path: Path) -> None:
    doc = copy.deepcopy(VALID)
    doc["components"]["schemas"].update({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"},
                                         "C": {"$ref": "#/components/schemas/C"}, "D": {"allOf": [{"$ref": "#/components/schemas/D"}]}})
    doc["components"]["schemas"]["Thing"]["properties"]["a"] = {"$ref": "#/components/schemas/A"}
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    check_everywhere(spec, tmp_path / "out")


def _laughs(levels: int, fan: int = 9) -> str:
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths: {}", "x-lol:", "  a0: &a0 [" + ", ".join(['"lol"'] * fan) + "]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _schema_laughs(levels: int) -> str:
    lines = ["openapi: 3.0.3", "info: {title: t, version: '1'}", "paths: {}", "components:", "  schemas:",
             "    S0: &s0 {type: object, properties: {p: {type: string}}}"]
    for i in range(1, levels):
        props = ", ".join(f"p{j}: *s{i - 1}" for j in range(9))
        lines.append(f"    S{i}: &s{i} {{type: object, properties: {{{props}}}}}")
    return "\n".join(lines) + "\n"


RAW_DOCUMENTS: dict[str, bytes] = {
    "empty.yaml": b"",
    "null.yaml": b"null\n",
    "list.yaml": b"- openapi: 3.0.3\n",
    "scalar.json": b"42",
    "string.json": b'"openapi"',
    "unclosed.yaml": b"openapi: 3.0.3\ninfo: [\n",
    "tabs.yaml": b"openapi: 3.0.3\ninfo:\n\ttitle: x\n\tversion: '1'\npaths: {}\n",
    "bad-indent.yaml": b"openapi: 3.0.3\n info: {}\npaths: {}\n",
    "duplicate-keys.yaml": b"openapi: 3.0.3\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    "trailing-comma.json": b'{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},}',
    "truncated.json": b'{"openapi": "3.0.3", "info": {"title": "t", "ver',
    "utf8-bom.yaml": b"\xef\xbb\xbfopenapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
    "utf8-bom.json": b'\xef\xbb\xbf{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}',
    "utf16.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".encode("utf-16"),
    "latin1.yaml": b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: '1'}\npaths: {}\n",
    "nul.yaml": b"openapi: 3.0.3\x00\ninfo: {}\n",
    "binary.yaml": bytes(range(256)) * 4,
    "controls.yaml": b"openapi: 3.0.3\ninfo: {title: \"a\\x07\\x1b\\u2028b\", version: '1'}\npaths: {}\n",
    "surrogates.json": b'{"openapi": "3.0.3", "info": {"title": "\\ud800\\udc00\\ud800", "version": "1"}, "paths": {}}',
    "deep-flow.yaml": b"openapi: 3.0.3\nx: " + b"[" * 50000 + b"]" * 50000 + b"\n",
    "deep-flow.json": b'{"openapi": "3.0.3", "x": ' + b"[" * 50000 + b"]" * 50000 + b"}",
    "deep-block.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 2000)),
    "laughs.yaml": _laughs(9).encode(),
    "schema-laughs.yaml": _schema_laughs(7).encode(),
    "recursive-alias.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: &a\n      type: object\n      properties:\n        self: *a\n",
    "recursive-list.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: &x [*x]\n",
    "unknown-tag.yaml": b"openapi: 3.0.3\ninfo: !!python/object:os.system {title: t}\npaths: {}\n",
    "python-tag.yaml": b"openapi: !!python/name:os.system ''\n",
    "binary-tag.yaml": b"openapi: 3.0.3\ninfo: {title: !!binary aGVsbG8=, version: '1'}\npaths: {}\n",
    "set-tag.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: !!set {a, b}\n",
    "merge-keys.yaml": b"openapi: 3.0.3\nbase: &b {title: t, version: '1'}\ninfo: {<<: *b}\npaths: {}\n",
    "complex-key.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  ? [a, b]\n  : {}\n",
    "huge-int.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: integer, enum: [" + b"9" * 5000 + b"], default: 1e999}}}\n",
    "nan.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: number, enum: [.nan, .inf, -.inf], default: .nan}}}\n",
    "two-documents.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n---\nopenapi: 3.0.3\n",
    "swagger.json": b'{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}',
}


RAW_DOCUMENTS["deep-schema.json"] = b'{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": ' + \
    b'{"type": "object", "properties": {"p": ' * 3000 + b"{}" + b"}}" * 3000 + b"}}}"


@pytest.mark.parametrize("name", sorted(RAW_DOCUMENTS))
def test_malformed_documents_are_reported_not_crashed(name: str, tmp_path: Path) -> None:
    spec = tmp_path / name
    spec.write_bytes(RAW_DOCUMENTS[name])
    check_everywhere(spec, tmp_path / "out")


def test_a_spec_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    assert assert_handled(["validate", str(tmp_path)]) == 2
    assert assert_handled(["validate", str(tmp_path / "missing.yaml")]) == 2


# --- hypothesis: random mutations of a valid spec -------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


ALL_PATHS = _paths(VALID)


@st.composite
def mutated_specs(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        node: Any = doc
        try:
            for key in path[:-1]:
                node = node[key]
            if draw(st.booleans()) and isinstance(node, dict):
                node[draw(st.text(max_size=6))] = draw(json_values)  # add a key beside it
            else:
                node[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the way there
    return doc


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=mutated_specs(), as_yaml=st.booleans())
def test_mutated_specs_never_crash(doc: dict[str, Any], as_yaml: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("mutated")
    spec = folder / ("openapi.yaml" if as_yaml else "openapi.json")
    if as_yaml:
        spec.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        spec.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    check_everywhere(spec, folder / "out")


@settings(max_examples=EXAMPLES * 3 // 2, deadline=None, derandomize=True)
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bytes_never_crash(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for name in ("openapi.yaml", "openapi.json"):
        spec = folder / name
        spec.write_bytes(b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\n" + data if name.endswith("yaml") else data)
        assert_handled(["validate", str(spec)])
