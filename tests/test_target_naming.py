"""Names the SDK targets derive from spec names stay one-to-one (found in review: TypeScript
merged `Blob` and `BlobModel`, tags `Blob` and `Blob Resource`, and error codes `card_declined`
and `card-declined`, so exports were duplicated and error codes lost)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from generator.generate import render_target
from generator.targets.python.naming import class_name
from generator.targets.typescript.naming import GLOBAL_TYPES, type_name

SPEC = """
openapi: 3.0.3
info: {title: Names, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      tags: [Blob]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Blob"}}}}
        "402": {description: declined, content: {application/json: {schema: {$ref: "#/components/schemas/Declined"}}}}
        "400": {description: declined too, content: {application/json: {schema: {$ref: "#/components/schemas/Declined2"}}}}
  /b:
    get:
      operationId: getB
      tags: [Blob Resource]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/BlobModel"}}}}
components:
  schemas:
    Blob: {type: object, properties: {b: {$ref: "#/components/schemas/BlobModel"}}}
    BlobModel: {type: object, properties: {x: {type: string}}}
    Declined:
      type: object
      required: [code]
      properties: {code: {type: string, enum: [card_declined]}, message: {type: string}}
    Declined2:
      type: object
      required: [code]
      properties: {code: {type: string, enum: [card-declined]}, message: {type: string}}
"""


def test_reserved_suffixes_keep_type_names_one_to_one() -> None:
    reserved = sorted(GLOBAL_TYPES)[:20]
    names = reserved + [n + "Model" for n in reserved] + [n + "ModelModel" for n in reserved]
    assert len({type_name(n) for n in names}) == len(names)
    assert not {type_name(n) for n in names} & GLOBAL_TYPES
    python = ["BaseModel", "BaseModelModel", "Optional", "OptionalModel", "Field"]
    assert len({class_name(n) for n in python}) == len(python)


def _exports(text: str) -> list[str]:
    return re.findall(r"export (?:class|interface|type|const) (\w+)", text) + re.findall(r"export \{ (\w+)", text)


def test_typescript_exports_and_error_codes_stay_distinct(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    files, _ = render_target(spec, "typescript", package="names")
    index = "\n".join(text for path, text in files.items() if path.endswith("index.ts"))
    exported = re.findall(r"\b(\w+)(?:,|\s*\})", " ".join(re.findall(r"export (?:type )?\{([^}]*)\}", index)))
    assert len(exported) == len(set(exported)), sorted(n for n in exported if exported.count(n) > 1)
    errors = files["src/api-errors.ts"]
    assert '"card_declined"' in errors and '"card-declined"' in errors  # both codes keep a class
    python_errors = render_target(spec, "python", package="names")[0]["src/names/_exceptions.py"]
    assert '"card_declined"' in python_errors and '"card-declined"' in python_errors


def test_python_readme_lists_every_api_specific_error_under_its_status(tmp_path: Path) -> None:
    """Found in review: only 403 specials were listed, and a code went into the table unescaped."""
    spec = tmp_path / "openapi.yaml"
    spec.write_text(textwrap.dedent(SPEC).replace("[card-declined]", "['card|declined`x']"), encoding="utf-8")
    readme = render_target(spec, "python", package="names")[0]["README.md"]
    rows = [line for line in readme.splitlines() if line.startswith("| 40")]
    assert any(r.startswith("| 402 |") and "CardDeclinedError" in r for r in rows), rows
    row_400 = next(r for r in rows if r.startswith("| 400 |"))
    assert "card\\|declined" in row_400 and row_400.count(" | ") == 1, row_400  # the pipe cannot open a cell


def test_a_wildcard_media_type_is_never_sent_as_content_type(tmp_path: Path) -> None:
    """Decided once in the IR (found in review: TypeScript sent `*/*` as the Content-Type)."""
    spec = tmp_path / "openapi.yaml"
    spec.write_text(textwrap.dedent("""
        openapi: 3.0.3
        info: {title: Up, version: "1"}
        paths:
          /files:
            post:
              operationId: upload
              tags: [files]
              requestBody:
                required: true
                content:
                  "*/*": {schema: {type: string, format: binary}}
              responses: {"204": {description: ok}}
          /notes:
            post:
              operationId: note
              tags: [notes]
              requestBody:
                required: true
                content:
                  "text/*": {schema: {type: string}}
              responses: {"204": {description: ok}}
        """), encoding="utf-8")
    ts = render_target(spec, "typescript", package="up")[0]
    assert 'contentType: "application/octet-stream"' in ts["src/resources/files.ts"]
    assert 'contentType: "text/plain"' in ts["src/resources/notes.ts"]
    py = render_target(spec, "python", package="up")[0]
    assert '"application/octet-stream"' in py["src/up/resources/files.py"]
    assert '"text/plain"' in py["src/up/resources/notes.py"]


def test_the_typescript_runtime_defines_the_contracts_error_classes_by_status() -> None:
    """errors.ts is hand-written; the index exports and the README list come from
    targets/errors.py. They must name the same classes and statuses."""
    from generator.targets.errors import STATUS_ERROR_CLASSES
    from generator.targets.typescript import BASE_ERRORS

    runtime = (Path(__file__).resolve().parents[1] / "templates/typescript/runtime/errors.ts").read_text(encoding="utf-8")
    defined = set(re.findall(r"^export class (\w+)", runtime, re.M))
    assert defined == {*BASE_ERRORS, *STATUS_ERROR_CLASSES.values(), "InternalServerError"}
    table = runtime.split("const BY_STATUS", 1)[1].split("};", 1)[0]
    assert dict((int(s), c) for s, c in re.findall(r"(\d+): (\w+),", table)) == STATUS_ERROR_CLASSES


def test_a_title_that_names_a_standard_module_does_not_shadow_it() -> None:
    """An SDK package called json would never be imported: `import json` finds the standard
    library's first. The title's first two words are used instead, or `_sdk` is added."""
    from generator.ir import Api
    from generator.targets.python import default_package
    from generator.targets.python.naming import package_problem

    def api(title: str) -> Api:
        return Api(title=title, version="1", description="", openapi_version="3.0.3", servers=(), security_schemes=(),
                   security=(), groups=(), operations=(), schemas=())

    assert default_package(api("Bluum Finance API")) == "bluum"
    assert default_package(api("JSON API")) == "json_api"
    assert default_package(api("Email")) == "email_sdk"
    assert default_package(api("httpx proxy")) == "httpx_proxy"
    for name in ("json", "typing", "asyncore", "tomllib", "httpx", "pydantic"):  # asyncore: gone in 3.12, still refused
        assert package_problem(name) is not None, name


def test_an_explicit_package_that_shadows_the_standard_library_is_bad_input(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    spec = Path(__file__).resolve().parent / "fixtures/ir/operations/openapi.yaml"
    result = CliRunner().invoke(main, ["generate", str(spec), "--lang", "python", "--out", str(tmp_path / "out"), "--package", "json"])
    assert result.exit_code == 2 and "standard library" in result.output
    assert not (tmp_path / "out").exists()
