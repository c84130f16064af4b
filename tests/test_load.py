"""Stage 1 — load: parsing, cross-file $refs, ref errors, and the pointer → line:column locator."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, SpecError
from generator.load import load_document
from generator.load.document import Document, RefError
from generator.load.locator import Locator
from generator.load.parse import parse_text
from generator.load.pointer import escape, from_fragment, join, split, unescape
from generator.pipeline import build_ir

ROOT = Path(__file__).resolve().parents[1]
CROSS = ROOT / "tests" / "fixtures" / "ir" / "cross-file-refs"

MINI = """
openapi: 3.0.3
info:
  title: Mini
  version: '1'
paths: {}
"""


def load(path: Path) -> tuple[Document, Diagnostics]:
    diagnostics = Diagnostics()
    return load_document(path, diagnostics), diagnostics


def errors(diagnostics: Diagnostics) -> list:
    return [d for d in diagnostics.located() if d.level == "error"]


# -- parsing ------------------------------------------------------------------------------


def test_yaml_and_json_give_the_same_data(write_spec):
    yaml_doc, _ = load(write_spec(MINI + "components:\n  schemas:\n    A: {type: string, enum: [a, b]}\n"))
    data = {
        "openapi": "3.0.3", "info": {"title": "Mini", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"type": "string", "enum": ["a", "b"]}}},
    }
    json_doc, _ = load(write_spec(json.dumps(data, indent=2), "openapi.json"))
    assert yaml_doc.data == json_doc.data == data


def test_json_with_escaped_surrogate_pairs_loads(write_spec):
    # YAML parsers reject escaped surrogate pairs; real JSON specs (Twilio) are full of them.
    text = '{"openapi": "3.0.3", "info": {"title": "Emoji \\ud83d\\ude00", "version": "1"}, "paths": {}}'
    assert "\\ud83d" in text
    doc, diagnostics = load(write_spec(text, "openapi.json"))
    assert doc.data["info"]["title"] == "Emoji \U0001F600"
    assert not diagnostics.items


def test_json_content_in_a_yaml_named_file_uses_the_json_parser(write_spec):
    doc, _ = load(write_spec('{"openapi": "3.0.3", "info": {"title": "\\ud83d\\ude00", "version": "1"}, "paths": {}}'))
    assert doc.data["info"]["title"] == "\U0001F600"


def test_yaml_flow_style_in_a_yaml_file_that_is_not_json():
    # starts with "{" but is YAML flow style (unquoted keys): falls through to the YAML parser
    assert parse_text("spec.yaml", "{openapi: 3.0.3, paths: {}}") == {"openapi": "3.0.3", "paths": {}}


def test_byte_order_mark_is_ignored(write_spec):
    path = write_spec(b"\xef\xbb\xbf" + MINI.lstrip().encode())
    doc, _ = load(path)
    assert doc.data["openapi"] == "3.0.3"


def test_integer_and_other_scalar_keys_become_strings():
    data = parse_text("x.yaml", "responses:\n  200: {description: ok}\n  4XX: {description: err}\n  true: x\n  null: y\n  1.5: z\n")
    assert list(data["responses"]) == ["200", "4XX", "true", "null", "1.5"]
    assert all(isinstance(k, str) for k in data["responses"])


def test_timestamps_stay_strings():
    data = parse_text("x.yaml", "a: 2024-01-01\nb: 2024-01-01T10:00:00Z\nc: 2001-12-14 21:59:43.10 -5\n")
    assert data == {"a": "2024-01-01", "b": "2024-01-01T10:00:00Z", "c": "2001-12-14 21:59:43.10 -5"}


def test_other_yaml_scalars_keep_their_types():
    data = parse_text("x.yaml", "i: 12\nf: 1.5\nb: true\nn: ~\ns: '12'\nv: 1.0.0\n")
    assert data == {"i": 12, "f": 1.5, "b": True, "n": None, "s": "12", "v": "1.0.0"}


# -- JSON pointers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "tokens"),
    [("", []), ("/", [""]), ("/a/b", ["a", "b"]), ("/a~1b/c~0d", ["a/b", "c~d"]), ("/~01", ["~1"]), ("/a%20b", ["a%20b"])],
)
def test_pointer_split_and_join_round_trip(pointer, tokens):
    assert split(pointer) == tokens
    assert join("", *tokens) == pointer


def test_pointer_escape_order():
    assert escape("~1") == "~01" and unescape("~01") == "~1"  # "~" first, or "~1" would become "/"


def test_ref_fragments_are_percent_decoded_once():
    assert from_fragment("/components/schemas/with%20space") == "/components/schemas/with space"
    assert from_fragment("/a~1b") == "/a~1b"
    with pytest.raises(ValueError):
        from_fragment("anchor")


def test_percent_encoded_and_plain_refs_reach_the_same_node(write_spec):
    doc, diagnostics = load(write_spec(MINI + "components:\n  schemas:\n    with space: {type: string}\n"))
    name = doc.root.name
    assert doc.target("#/components/schemas/with%20space", name) == (name, "/components/schemas/with space")
    assert doc.target("#/components/schemas/with space", name) == (name, "/components/schemas/with space")
    assert not diagnostics.items


# -- cross-file references ------------------------------------------------------------------


def test_cross_file_refs_load_every_file_without_errors():
    doc, diagnostics = load(CROSS / "openapi.yaml")
    assert {Path(f.path).name for f in doc.files.values()} == {"openapi.yaml", "paths.yaml", "shared.yaml", "money.yaml"}
    assert not errors(diagnostics)


def test_cross_file_ref_targets_and_escaped_pointers():
    doc, _ = load(CROSS / "openapi.yaml")
    root = doc.root.name
    shared_file, ptr = doc.target("shared.yaml#/components/schemas/Thing", root)
    assert Path(doc.files[shared_file].path) == (CROSS / "shared.yaml").resolve()
    assert doc.get(shared_file, ptr)["required"] == ["id"]
    # a path item referenced across files with ~1 in the pointer
    pfile, pptr = doc.target("paths.yaml#/~1things", root)
    assert pptr == "/~1things"
    assert doc.get(pfile, pptr)["get"]["operationId"] == "listThings"
    # ~1 and ~0 inside the root file
    assert doc.get(root, doc.target("#/components/schemas/a~1b", root)[1])["properties"] == {"x": {"type": "string"}}
    assert doc.get(root, doc.target("#/components/schemas/c~0d", root)[1])["properties"] == {"y": {"type": "string"}}
    # relative refs resolve against the file they are written in (shared.yaml → common/money.yaml)
    mfile, mptr = doc.target("common/money.yaml", shared_file)
    assert mptr == "" and doc.get(mfile, mptr)["required"] == ["amount", "currency"]


def test_deref_follows_chains_across_files(write_spec):
    write_spec("A: {$ref: 'b.yaml#/B'}\n", "a.yaml")
    write_spec("B: {type: integer}\n", "b.yaml")
    doc, diagnostics = load(write_spec(MINI + "components:\n  schemas:\n    X: {$ref: 'a.yaml#/A'}\n"))
    node, file, ptr = doc.deref({"$ref": "a.yaml#/A"}, doc.root.name, "")
    assert node == {"type": "integer"} and file.endswith("b.yaml") and ptr == "/B"
    assert not diagnostics.items


# -- broken references: located errors, never a crash or a hang ------------------------------


@pytest.mark.parametrize("ref", ["https://example.com/schemas.yaml#/Pet", "http://example.com/x.json", "//example.com/x.yaml"])
def test_remote_ref_is_an_error_naming_the_ref(write_spec, ref):
    path = write_spec(MINI + f"components:\n  schemas:\n    Pet:\n      $ref: '{ref}'\n")
    _, diagnostics = load(path)
    (d,) = errors(diagnostics)
    assert d.code == "ref-remote"
    assert ref in d.message and "offline" in d.message
    assert (d.location.line, d.location.column, d.location.pointer) == (9, 7, "/components/schemas/Pet/$ref")


def test_remote_ref_is_never_fetched(write_spec):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"Pet": {"type": "string"}}')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ref = f"http://127.0.0.1:{server.server_address[1]}/schemas.json#/Pet"
        path = write_spec(MINI + f"components:\n  schemas:\n    Pet:\n      $ref: '{ref}'\n")
        _, diagnostics = build_ir(path)  # load, fixups, normalise *and* openapi-spec-validator
    finally:
        server.shutdown()
    assert hits == []
    assert [d.code for d in diagnostics.located()] == ["ref-remote"]


def test_dangling_ref_is_a_located_error(write_spec):
    path = write_spec(MINI + "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n")
    _, diagnostics = load(path)
    (d,) = errors(diagnostics)
    assert d.code == "ref-dangling"
    assert "#/components/schemas/Missing" in d.message
    assert d.location.file == path.name or d.location.file.endswith("openapi.yaml")
    assert (d.location.line, d.location.column) == (12, 11)
    assert d.location.pointer == "/components/schemas/A/properties/b/$ref"


def test_dangling_ref_in_a_referenced_file_is_located_in_that_file(write_spec):
    write_spec("Thing:\n  type: object\n  properties:\n    owner:\n      $ref: '#/Nobody'\n", "shared.yaml")
    path = write_spec(MINI + "components:\n  schemas:\n    Thing: {$ref: 'shared.yaml#/Thing'}\n")
    _, diagnostics = load(path)
    (d,) = errors(diagnostics)
    assert d.code == "ref-dangling"
    assert d.location.file.endswith("shared.yaml")
    assert (d.location.line, d.location.pointer) == (5, "/Thing/properties/owner/$ref")


def test_ref_to_a_missing_file_is_a_located_error(write_spec):
    path = write_spec(MINI + "components:\n  schemas:\n    Thing: {$ref: 'nowhere.yaml#/Thing'}\n")
    _, diagnostics = load(path)
    (d,) = errors(diagnostics)
    assert d.code == "ref-file" and "nowhere.yaml" in d.message and "file not found" in d.message
    assert (d.location.line, d.location.pointer) == (8, "/components/schemas/Thing/$ref")


def test_ref_to_an_unparseable_file_is_a_located_error(write_spec):
    write_spec("a: [unclosed\n", "broken.yaml")
    path = write_spec(MINI + "components:\n  schemas:\n    Thing: {$ref: 'broken.yaml#/a'}\n")
    _, diagnostics = load(path)
    (d,) = errors(diagnostics)
    assert d.code == "ref-file" and "invalid YAML" in d.message
    assert d.location.line == 8


def test_ref_cycle_in_a_ref_chain_is_an_error_not_a_hang(write_spec):
    path = write_spec(MINI + """\
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
    Self:
      $ref: '#/components/schemas/Self'
""")
    doc, diagnostics = load(path)
    found = [(d.code, d.location.pointer, d.location.line) for d in errors(diagnostics)]
    assert found == [
        ("ref-cycle", "/components/schemas/A/$ref", 9),
        ("ref-cycle", "/components/schemas/B/$ref", 11),
        ("ref-cycle", "/components/schemas/Self/$ref", 13),
    ]
    with pytest.raises(RefError) as exc:
        doc.deref({"$ref": "#/components/schemas/A"}, doc.root.name, "")
    assert exc.value.code == "ref-cycle"
    # and the whole pipeline reports each loop once, at the $ref, then finishes
    _, all_diagnostics = build_ir(path)
    assert [(d.code, d.location.pointer) for d in all_diagnostics.located()] == [(c, p) for c, p, _ in found]


def test_recursive_schemas_are_not_ref_cycles(write_spec):
    path = write_spec(MINI + "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n")
    _, diagnostics = load(path)
    assert not diagnostics.items


def test_unreadable_inputs_raise_spec_error_with_a_location(tmp_path, write_spec):
    cases = {
        tmp_path / "missing.yaml": ("file not found", 0),
        tmp_path: ("is a directory", 0),
        write_spec("a: [1, 2\nb: 3\n", "bad.yaml"): ("invalid YAML", 2),
        write_spec('{"a": 1,,}', "bad.json"): ("invalid JSON", 1),
        write_spec(b"openapi: 3.0.3\n\xff\xfe\x00", "bin.yaml"): ("not UTF-8", 2),
        write_spec(b"openapi: 3.0.3\npaths: \x00\n", "nul.yaml"): ("NUL", 2),
    }
    for path, (text, line) in cases.items():
        with pytest.raises(SpecError) as exc:
            load(path)
        (d,) = exc.value.diagnostics
        assert d.level == "error" and text in d.message, (path, d.message)
        assert d.location.file and d.location.line == line, (path, d.location)


# -- locator --------------------------------------------------------------------------------

LOCATOR_YAML = """\
openapi: 3.0.3
info:
  title: Locator
  version: '1'
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
      responses:
        '200':
          description: ok
components:
  schemas:
    a/b~c:
      type: string
"""


@pytest.mark.parametrize(
    ("pointer", "where"),
    [
        ("", (1, 1)),
        ("/info/title", (3, 3)),
        ("/paths/~1pets~1{id}", (6, 3)),
        ("/paths/~1pets~1{id}/get", (7, 5)),
        ("/paths/~1pets~1{id}/get/parameters/0", (9, 11)),
        ("/paths/~1pets~1{id}/get/parameters/0/in", (10, 11)),
        ("/paths/~1pets~1{id}/get/responses/200/description", (13, 11)),
        ("/components/schemas/a~1b~0c", (16, 5)),
        ("/components/schemas/a~1b~0c/type", (17, 7)),
        ("/components/schemas/Missing/type", (15, 3)),  # deepest node that exists
        ("/paths/~1pets~1{id}/get/parameters/7", (8, 7)),
    ],
)
def test_locator_yaml(pointer, where):
    assert Locator("spec.yaml", LOCATOR_YAML).locate(pointer) == where


LOCATOR_JSON = """\
{
  "openapi": "3.0.3",
  "paths": {
    "/a/b": {
      "get": {"responses": {"200": {"description": "ok"}}}
    }
  },
  "tags": [{"name": "x"}, {"name": "y~z", "description": "a \\"quoted\\" {brace}"}],
  "x-percent%20key": 1
}
"""


@pytest.mark.parametrize(
    ("pointer", "where"),
    [
        ("", (1, 1)),
        ("/openapi", (2, 3)),
        ("/paths/~1a~1b", (4, 5)),
        ("/paths/~1a~1b/get", (5, 7)),
        ("/paths/~1a~1b/get/responses", (5, 15)),
        ("/paths/~1a~1b/get/responses/200", (5, 29)),
        ("/paths/~1a~1b/get/responses/200/description", (5, 37)),
        ("/tags/0", (8, 12)),
        ("/tags/1", (8, 27)),
        ("/tags/1/description", (8, 43)),
        ("/x-percent%20key", (9, 3)),
        ("/paths/~1a~1b/post", (4, 5)),  # deepest node that exists
    ],
)
def test_locator_json(pointer, where):
    assert json.loads(LOCATOR_JSON)  # the sample is valid JSON
    assert Locator("spec.json", LOCATOR_JSON).locate(pointer) == where


def test_document_locate_uses_the_right_file():
    doc, _ = load(CROSS / "openapi.yaml")
    shared = doc.target("shared.yaml#/components/schemas/Owner", doc.root.name)
    assert doc.locate(*shared) == (27, 5)
    assert doc.locate(doc.root.name, "/components/schemas/Odd") == (29, 5)
    assert doc.locate("no-such-file.yaml", "/x") == (0, 0)


def test_refs_cannot_read_files_outside_the_specs_folder(tmp_path, monkeypatch):
    """A partner's spec must not pull /etc/passwd or ../../secrets into an SDK or a message."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("Token: {type: string, description: hunter2}\n")
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    (spec_dir / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {$ref: '../secret.yaml#/Token'}\n"
        f"    B: {{$ref: '{secret}#/Token'}}\n"
    )
    monkeypatch.chdir(tmp_path)
    diagnostics = Diagnostics()
    load_document(spec_dir / "openapi.yaml", diagnostics)
    found = [(d.code, d.location.pointer) for d in diagnostics.located()]
    assert found == [("ref-outside", "/components/schemas/A/$ref"), ("ref-outside", "/components/schemas/B/$ref")]
    assert all("hunter2" not in d.message for d in diagnostics)
    assert all(d.location.line for d in diagnostics.located())  # located at the $ref itself

    monkeypatch.setenv("SDKGEN_REF_ROOT", str(tmp_path))  # the documented way to widen it
    diagnostics = Diagnostics()
    load_document(spec_dir / "openapi.yaml", diagnostics)
    assert [d.code for d in diagnostics] == []
