"""Stage 2 — check: version gate, fixups of known deviations (located warnings), located validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.diagnostics import SpecError
from generator.pipeline import build_ir, load_and_fix

FIXUPS = """\
openapi: 3.0.3
info:
  title: Fixups
  version: '1'
servers:
  - url: https://{region}.example.com:{port}
    variables:
      port:
        default: 443
        enum: [443, 8443]
      region:
        default: eu
paths:
  /empty: {}
  /items:
    get:
      title: List items
      operationId: listItems
      parameters:
        - name: verbose
          in: query
          required: optional
          schema:
            type: string
      responses:
        '200':
          description: ok
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: kind
        mapping:
          cat:
            $ref: '#/components/schemas/Cat'
    Cat:
      type: object
      required: true
      properties:
        kind:
          const: cat
    Dog:
      type: object
      required: [name, 7]
      properties:
        name: {type: string}
        code: {type: string, default: 7}
"""

# code → (line, column, pointer) of the warning
EXPECTED = {
    "server-variable-default-type": (9, 9, "/servers/0/variables/port/default"),
    "server-variable-enum-type": (10, 9, "/servers/0/variables/port/enum"),
    "empty-path-item": (14, 3, "/paths/~1empty"),
    "operation-title": (17, 7, "/paths/~1items/get/title"),
    "parameter-required-invalid": (22, 11, "/paths/~1items/get/parameters/0/required"),
    "discriminator-mapping-ref": (36, 11, "/components/schemas/Pet/discriminator/mapping/cat"),
    "schema-required-invalid": (40, 7, "/components/schemas/Cat/required"),
    "const-in-3.0": (43, 11, "/components/schemas/Cat/properties/kind/const"),
    "default-type": (49, 30, "/components/schemas/Dog/properties/code/default"),
}


@pytest.fixture
def fixups_spec(write_spec) -> Path:
    return write_spec(FIXUPS)


def test_every_fixup_gives_one_located_warning(fixups_spec):
    _, diagnostics = build_ir(fixups_spec)
    located = diagnostics.located()
    found: dict[str, list[tuple[int, int, str]]] = {}
    for d in located:
        assert d.level == "warning", d.format()
        assert d.location.file.endswith("openapi.yaml")
        found.setdefault(d.code, []).append((d.location.line, d.location.column, d.location.pointer))
    # schema-required-invalid fires twice: `required: true` (Cat) and `required: [name, 7]` (Dog)
    assert found.pop("schema-required-invalid") == [EXPECTED["schema-required-invalid"], (46, 7, "/components/schemas/Dog/required")]
    assert {code: where for code, (where,) in found.items()} == {k: v for k, v in EXPECTED.items() if k != "schema-required-invalid"}


def test_fixups_rewrite_the_loaded_data_not_the_file(fixups_spec):
    before = fixups_spec.read_text()
    loaded = load_and_fix(fixups_spec)
    data = loaded.document.data
    port = data["servers"][0]["variables"]["port"]
    assert port == {"default": "443", "enum": ["443", "8443"]}
    assert "title" not in data["paths"]["/items"]["get"]
    assert data["paths"]["/items"]["get"]["parameters"][0]["required"] is False
    schemas = data["components"]["schemas"]
    assert schemas["Pet"]["discriminator"]["mapping"] == {"cat": "#/components/schemas/Cat"}
    assert "required" not in schemas["Cat"]
    assert schemas["Cat"]["properties"]["kind"] == {"enum": ["cat"]}
    assert schemas["Dog"]["required"] == ["name"]
    assert schemas["Dog"]["properties"]["code"]["default"] == "7"
    assert fixups_spec.read_text() == before


def test_fixed_deviations_are_not_reported_again_by_the_validator(fixups_spec):
    _, diagnostics = build_ir(fixups_spec)
    assert not [d for d in diagnostics if d.code == "spec-invalid"]


def test_fixups_have_their_intended_meaning(fixups_spec):
    api, _ = build_ir(fixups_spec)
    pet = api.schema("Pet")
    assert pet.discriminator.mapping == (("cat", "Cat"),) and pet.discriminator.origin == "ref-object"
    assert api.schema("Cat").properties[0].type.value == "cat"  # const read as enum: [cat] → Const
    (op,) = api.operations
    assert op.parameters[0].required is False
    assert api.servers[0].variables[0].enum == ("443", "8443")
    assert [s for s in api.schemas if s.name == "Dog"][0].properties[0].required is True


@pytest.mark.parametrize(
    ("text", "required"),
    [("true", True), ("'yes'", True), ("required", True), ("optional", False), ("'false'", False), ("1", True), ("0", False)],
)
def test_parameter_required_strings(write_spec, text, required):
    path = write_spec(f"""\
        openapi: 3.0.3
        info: {{title: x, version: '1'}}
        paths:
          /a:
            get:
              parameters:
                - {{name: q, in: query, required: {text}, schema: {{type: string}}}}
              responses:
                '200': {{description: ok}}
        """)
    api, diagnostics = build_ir(path)
    assert api.operations[0].parameters[0].required is required
    codes = [d.code for d in diagnostics]
    assert codes == ([] if text == "true" else ["parameter-required-invalid"])


def test_const_is_kept_in_3_1(write_spec):
    path = write_spec("""\
        openapi: 3.1.0
        info: {title: x, version: '1'}
        paths: {}
        components:
          schemas:
            A:
              type: object
              properties:
                kind: {const: a}
        """)
    loaded = load_and_fix(path)
    assert loaded.version == "3.1"
    assert loaded.document.data["components"]["schemas"]["A"]["properties"]["kind"] == {"const": "a"}
    assert not loaded.diagnostics.items


# -- --strict ----------------------------------------------------------------------------


def test_strict_turns_every_warning_into_an_error(fixups_spec):
    _, diagnostics = build_ir(fixups_spec)
    normal, strict = diagnostics.located(), diagnostics.located(strict=True)
    assert normal and {d.level for d in normal} == {"warning"}
    assert {d.level for d in strict} == {"error"}
    assert [(d.code, d.location) for d in strict] == [(d.code, d.location) for d in normal]


def test_strict_on_the_command_line(fixups_spec):
    runner = CliRunner()
    relaxed = runner.invoke(main, ["validate", str(fixups_spec)])
    strict = runner.invoke(main, ["validate", "--strict", str(fixups_spec)])
    assert relaxed.exit_code == 0, relaxed.output
    assert strict.exit_code == 1, strict.output
    assert "warning[const-in-3.0]" in relaxed.stderr and "error[" not in relaxed.stderr
    assert "error[const-in-3.0]" in strict.stderr and "warning[" not in strict.stderr
    assert ":43:11 " in strict.stderr


# -- version gate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        ("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "convert it to OpenAPI 3 first", (1, 1, "/swagger")),
        ("info: {title: x}\nopenapi: 2.5.0\n", "unsupported OpenAPI version '2.5.0'", (2, 1, "/openapi")),
        ("openapi: 4.0.0\n", "unsupported OpenAPI version '4.0.0'", (1, 1, "/openapi")),
        ("openapi: 3\n", "unsupported OpenAPI version '3'", (1, 1, "/openapi")),
        ("info: {title: x}\npaths: {}\n", "'openapi' field is missing", (1, 1, "")),
        ("- openapi: 3.0.3\n", "found list", (1, 1, "")),
        ("just a string\n", "found str", (1, 1, "")),
        ("", "empty document", (1, 1, "")),
        ("# only a comment\n", "empty document", (1, 1, "")),
        ("{}\n", "empty document", (1, 1, "")),
    ],
)
def test_not_openapi_3_is_rejected_with_a_located_error(write_spec, text, message, where):
    path = write_spec(text)
    with pytest.raises(SpecError) as exc:
        load_and_fix(path)
    (d,) = exc.value.diagnostics
    assert d.level == "error" and d.code == "version"
    assert message in d.message
    assert (d.location.line, d.location.column, d.location.pointer) == where


@pytest.mark.parametrize(("openapi", "version"), [("3.0.0", "3.0"), ("3.0.3", "3.0"), ("3.1.0", "3.1"), ("3.1.1", "3.1")])
def test_supported_versions(write_spec, openapi, version):
    path = write_spec(f"openapi: {openapi}\ninfo: {{title: x, version: '1'}}\npaths: {{}}\n")
    assert load_and_fix(path).version == version


# -- validator errors are located where the problem is ----------------------------------------


def test_validator_errors_inside_nested_schemas_are_located(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths: {}
        components:
          schemas:
            Order:
              type: object
              properties:
                side:
                  type: string
                  enum: [buy, buy]
            Basket:
              type: object
              properties:
                tags:
                  type: array
                  minItems: 1
                  default: []
                  items: {type: string}
        """)
    _, diagnostics = build_ir(path)
    found = [(d.message, d.location.line, d.location.column, d.location.pointer) for d in diagnostics.located() if d.code == "spec-invalid"]
    assert found == [
        ("['buy', 'buy'] has non-unique elements", 11, 11, "/components/schemas/Order/properties/side/enum"),
        ("[] should be non-empty", 18, 11, "/components/schemas/Basket/properties/tags/default"),
    ]


def test_validator_errors_on_operations_are_located(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths:
          /a/{id}:
            get:
              operationId: same
              responses:
                '200': {description: ok}
          /b:
            get:
              operationId: same
              responses:
                '200': {description: ok}
        """)
    _, diagnostics = build_ir(path)
    found = {(d.location.pointer, d.location.line) for d in diagnostics.located() if d.code == "spec-invalid"}
    assert found == {("/paths/~1a~1{id}/get", 5), ("/paths/~1b/get", 10)}
    messages = " ".join(d.message for d in diagnostics)
    assert "Path parameter 'id'" in messages and "Operation ID 'same'" in messages


def test_validator_errors_behind_a_ref_are_located_in_the_file_that_has_them(write_spec):
    write_spec("""\
        components:
          schemas:
            Thing:
              type: object
              properties:
                kind:
                  type: string
                  enum: [a, a]
        """, "shared.yaml")
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths:
          /things:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: 'shared.yaml#/components/schemas/Thing'
        """)
    _, diagnostics = build_ir(path)
    (d,) = [d for d in diagnostics.located() if d.code == "spec-invalid"]
    assert d.location.file.endswith("shared.yaml")
    assert (d.location.line, d.location.pointer) == (8, "/components/schemas/Thing/properties/kind/enum")


def test_structural_validator_errors_are_located(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths:
          /a:
            get:
              responses:
                '200': {description: ok}
              parameters:
                - {name: q, in: body}
        """)
    _, diagnostics = build_ir(path)
    invalid = [d for d in diagnostics.located() if d.code == "spec-invalid"]
    assert invalid
    for d in invalid:
        assert d.location.pointer.startswith("/paths/~1a/get/parameters/0"), d.format()
        assert d.location.line == 9
