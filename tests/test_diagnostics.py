"""Every diagnostic carries a location; printing is sorted and shows each problem once.

Diagnostics are collected from every IR fixture, the Bluum specs, a "kitchen sink" spec with one
of each problem the generator knows, and unreadable inputs.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.diagnostics import Diagnostic, Diagnostics, SpecError
from generator.pipeline import build_ir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "ir"

# Problems with the document as a whole: a file and line, but no node to point at.
DOCUMENT_LEVEL = {"load", "version", "spec-too-deep", "validator-failed", "validator-missing"}

SINK = {
    "openapi.yaml": """\
        openapi: 3.0.3
        info:
          title: Kitchen sink
        servers:
          - url: https://{port}.example.com
            variables:
              port: {default: 1, enum: [1, 2]}
        paths:
          /empty: {}
          /things/{id}:
            get:
              title: Get
              operationId: dup
              parameters:
                - {name: q, in: query, required: maybe, schema: {type: string}}
                - {name: bad}
                - 7
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: 'shared.yaml#/components/schemas/Thing'
          /other:
            get:
              operationId: dup
              requestBody:
                $ref: '#/components/requestBodies/Missing'
              responses:
                '200':
                  $ref: 'https://example.com/responses.yaml#/Ok'
                '404':
                  $ref: 'missing-file.yaml#/NotFound'
          /deep:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: DEEP_SCHEMA
        components:
          schemas:
            Weird: 42
            Pet:
              oneOf:
                - $ref: '#/components/schemas/Cat'
                - $ref: '#/components/schemas/Dog'
              discriminator:
                propertyName: kind
                mapping:
                  cat: {$ref: '#/components/schemas/Cat'}
                  dog: '#/components/schemas/Nope'
                  other: '#/components/schemas/Weird'
            Cat:
              type: object
              required: yes
              properties:
                kind: {const: cat}
            Dog:
              type: object
              properties:
                kind: {type: string, default: 5}
        """,
    "shared.yaml": """\
        components:
          schemas:
            Thing:
              type: object
              properties:
                owner:
                  $ref: '#/components/schemas/Nobody'
                kind:
                  type: string
                  enum: [a, a]
                loop:
                  $ref: '#/components/schemas/Loop'
            Loop:
              $ref: '#/components/schemas/Loop'
        """,
}

SINK_CODES = {
    "spec-invalid", "server-variable-default-type", "server-variable-enum-type", "empty-path-item", "path-parameter-missing",
    "operation-title", "parameter-required-invalid", "parameter-invalid", "operation-id-duplicate", "ref-dangling",
    "ref-remote", "ref-file", "ref-cycle", "schema-invalid", "discriminator-mapping-ref", "discriminator-mapping-unknown",
    "schema-required-invalid", "const-in-3.0", "default-type", "schema-too-deep",
}

UNREADABLE = {
    "malformed.yaml": b"openapi: 3.0.3\ninfo: {title: x\n",
    "malformed.json": b'{"openapi": "3.0.3",,}',
    "empty.yaml": b"",
    "nul.yaml": b"openapi: 3.0.3\n\x00",
    "binary.yaml": bytes(range(256)) * 4,
    "swagger.yaml": b"swagger: '2.0'\n",
    "v4.yaml": b"openapi: 4.0.0\n",
    "list.yaml": b"- 1\n",
    "deep.json": b'{"a": ' * 3000 + b"1" + b"}" * 3000,
}


@pytest.fixture(scope="module")
def sink(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sink")
    deep = "{type: array, items: " * 150 + "{type: string}" + "}" * 150
    for name, text in SINK.items():
        (folder / name).write_text(textwrap.dedent(text).replace("DEEP_SCHEMA", deep), encoding="utf-8")
    return folder / "openapi.yaml"


def specs() -> list[Path]:
    out = sorted(p for case in FIXTURES.iterdir() for p in case.glob("openapi.*"))
    out += [ROOT / "specs" / "bluum-seed" / "openapi.yaml", ROOT / "specs" / "bluum" / "openapi.yaml"]
    return [p for p in out if p.exists()]


def collect(spec: Path) -> list[Diagnostic]:
    try:
        _, diagnostics = build_ir(spec)
    except SpecError as exc:
        return list(exc.diagnostics)
    return diagnostics.located()


def check_located(d: Diagnostic) -> None:
    loc = d.location
    assert loc.file, d.format()
    assert loc.line >= 1 and loc.column >= 1, d.format()
    if d.code not in DOCUMENT_LEVEL:
        assert loc.pointer.startswith("/"), d.format()


@pytest.mark.parametrize("spec", specs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_diagnostic_of_the_fixtures_and_specs_is_located(spec, monkeypatch):
    monkeypatch.chdir(ROOT)
    for d in collect(spec.relative_to(ROOT)):
        check_located(d)
        assert Path(d.location.file).exists(), d.format()


def test_every_diagnostic_of_the_kitchen_sink_is_located(sink):
    found = collect(sink)
    assert {d.code for d in found} == SINK_CODES  # one of each problem the generator reports
    for d in found:
        check_located(d)
    files = {Path(d.location.file).name for d in found}
    assert files == {"openapi.yaml", "shared.yaml"}
    # the validator's finding inside shared.yaml is reported there, not at the top of openapi.yaml
    (enum,) = [d for d in found if d.code == "spec-invalid" and "non-unique" in d.message]
    assert (Path(enum.location.file).name, enum.location.line) == ("shared.yaml", 10)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_every_diagnostic_of_unreadable_input_is_located(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(UNREADABLE[name])
    found = collect(path)
    assert len(found) == 1 and found[0].level == "error"
    check_located(found[0])


def test_a_missing_file_or_a_directory_is_located_by_its_name(tmp_path):
    # nothing inside to point at: the file name is the location
    for path in (tmp_path / "missing.yaml", tmp_path):
        (d,) = collect(path)
        assert d.location.file == str(path) or Path(d.location.file).resolve() == path.resolve()
        assert d.location.line == 0 and d.code == "load"


def test_each_problem_is_reported_once(sink):
    found = collect(sink)
    keys = [(d.code, d.location.file, d.location.pointer, d.message) for d in found]
    assert len(keys) == len(set(keys))
    # a broken $ref is reported at the $ref, not again at each schema or operation that uses it
    refs = [d for d in found if d.code.startswith("ref-") and "discriminator" not in d.message]
    assert refs and all(d.location.pointer.endswith("/$ref") for d in refs), [d.format() for d in refs]
    assert len([d for d in found if d.code == "ref-remote"]) == 1
    assert len([d for d in found if d.code == "ref-file"]) == 1


def test_printing_is_sorted_and_each_diagnostic_appears_once(sink):
    result = CliRunner().invoke(main, ["validate", str(sink)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    summary = lines.pop()
    assert re.search(r"(\d+) error\(s\), (\d+) warning\(s\)$", summary)
    assert len(lines) == len(set(lines)) == len(collect(sink))
    pattern = re.compile(r"^(.+?):(\d+):(\d+) ")
    keys = []
    for line in lines:
        m = pattern.match(line)
        assert m, line
        keys.append((m[1], int(m[2]), int(m[3])))
    assert keys == sorted(keys)
    errors, warnings = map(int, re.search(r"(\d+) error\(s\), (\d+) warning\(s\)$", summary).groups())
    assert errors == sum("error[" in line for line in lines) and warnings == sum("warning[" in line for line in lines)


def test_diagnostics_sink_dedupes_and_sorts():
    diagnostics = Diagnostics(resolver=lambda file, pointer: (len(pointer), 1))
    diagnostics.warning("b", "second", "a.yaml", "/xx")
    diagnostics.error("a", "first", "a.yaml", "/x")
    diagnostics.warning("b", "second", "a.yaml", "/xx")
    diagnostics.error("c", "other file", "0.yaml", "/xxxxxxxx")
    located = diagnostics.located()
    assert [(d.location.file, d.location.line, d.code) for d in located] == [("0.yaml", 9, "c"), ("a.yaml", 2, "a"), ("a.yaml", 3, "b")]
    assert located[0].format() == "0.yaml:9:1 (/xxxxxxxx): error[c]: other file"
    assert [d.level for d in diagnostics.located(strict=True)] == ["error"] * 3
    assert diagnostics.has_errors
