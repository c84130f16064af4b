"""The command line: `sdkgen validate` / `sdkgen inspect`, exit codes, and bad input handled cleanly.

Exit codes (generator/cli.py): 0 ok, 1 spec errors, 2 unreadable input / not OpenAPI 3, 3 internal error.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from generator.ir.dump import dump_api
from generator.pipeline import build_ir

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "specs" / "bluum-seed" / "openapi.yaml"

# "file[:line:col][ (pointer)]: level[code]: message"
DIAGNOSTIC = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+):(?P<col>\d+))?(?: \((?P<ptr>[^)]*)\))?: (?P<level>error|warning)\[(?P<code>[\w.-]+)\]: (?P<msg>.+)$")


def run(*args: str):
    result = CliRunner().invoke(cli.main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def diagnostic_lines(stderr: str) -> list[re.Match]:
    return [m for m in map(DIAGNOSTIC.match, stderr.splitlines()) if m]


def sdkgen_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`sdkgen ARGS` in a real process, running this checkout's code (an installed `sdkgen`
    script may belong to another checkout)."""
    cmd = [sys.executable, "-m", "generator.cli", *args]
    env = {k: v for k, v in os.environ.items() if k not in ("SDKGEN_DEBUG", "PYTHONPATH")}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


# -- validate / inspect on a good spec ----------------------------------------------------------


def test_validate_seed_exits_0_with_a_located_warning(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate", "specs/bluum-seed/openapi.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    warnings = [m for m in diagnostic_lines(result.stderr) if m["level"] == "warning"]
    assert warnings and all(m["file"] == "specs/bluum-seed/openapi.yaml" and int(m["line"]) >= 1 for m in warnings)
    assert "specs/bluum-seed/openapi.yaml:312:11 (/components/schemas/ConnectFundingSourceRequest/discriminator/mapping/plaid): " \
           "warning[discriminator-mapping-ref]" in result.stderr
    assert "1 operations" in result.stderr and "0 error(s), 2 warning(s)" in result.stderr


def test_validate_strict_fails_on_the_seed_warnings(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate", "--strict", "specs/bluum-seed/openapi.yaml")
    assert result.exit_code == 1
    assert "error[discriminator-mapping-ref]" in result.stderr and "warning[" not in result.stderr


def test_inspect_prints_the_ir_as_json(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("inspect", "specs/bluum-seed/openapi.yaml")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["title"] == "Bluum Finance Investment API"
    assert any(s["name"] == "ConnectFundingSourceRequest" for s in data["schemas"])
    api, _ = build_ir("specs/bluum-seed/openapi.yaml")
    assert result.stdout == dump_api(api)
    assert "warning[discriminator-mapping-ref]" in result.stderr  # diagnostics go to stderr only


def test_inspect_without_validation(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("inspect", "--no-validate", "specs/bluum-seed/openapi.yaml")
    assert result.exit_code == 0 and json.loads(result.stdout)["operations"]


def test_the_command_runs_as_a_process():
    proc = sdkgen_process("inspect", "specs/bluum-seed/openapi.yaml")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["openapi_version"] == "3.0.0"
    assert "Traceback" not in proc.stderr


# -- bad input: exit 2, one located line, no traceback -------------------------------------------

BAD_INPUTS = {
    "malformed.yaml": (b"openapi: 3.0.3\ninfo: {title: x\n  version: '1'\n", "invalid YAML", True),
    "malformed.json": (b'{"openapi": "3.0.3",\n "info": {"title": "x",}}', "invalid JSON", True),
    "tabs.yaml": (b"openapi: 3.0.3\ninfo:\n\ttitle: x\n", "invalid YAML", True),
    "empty.yaml": (b"", "empty document", True),
    "blank.json": (b"  \n", "empty document", True),
    "zero.json": (b"", "empty document", True),
    "nul.yaml": (b"openapi: 3.0.3\ninfo: \x00\x01\x02\n", "NUL bytes", True),
    "latin1.yaml": ("openapi: 3.0.3\ninfo: {title: caf\u00e9}\n".encode("latin-1"), "not UTF-8", True),
    "swagger.yaml": (b"swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "convert it to OpenAPI 3 first", True),
    "swagger.json": (b'{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}', "convert it to OpenAPI 3 first", True),
    "v25.yaml": (b"openapi: 2.5.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "unsupported OpenAPI version '2.5.0'", True),
    "v40.yaml": (b"openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", "unsupported OpenAPI version '4.0.0'", True),
    "list.yaml": (b"- openapi: 3.0.3\n- paths: {}\n", "found list", True),
    "list.json": (b"[1, 2, 3]", "found list", True),
    "scalar.yaml": (b"hello\n", "found str", True),
    "no-version.yaml": (b"info: {title: x, version: '1'}\npaths: {}\n", "'openapi' field is missing", True),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_bad_input_is_one_located_error_and_exit_2(tmp_path, name, command):
    content, message, has_line = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = run(command, str(path))
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    m = DIAGNOSTIC.match(lines[0])
    assert m and m["level"] == "error", lines[0]
    assert m["file"].endswith(name)
    assert message in m["msg"]
    if has_line:
        assert m["line"] and int(m["line"]) >= 1 and int(m["col"]) >= 1, lines[0]


def test_binary_junk(tmp_path):
    rng = random.Random(1234)
    for i in range(5):
        path = tmp_path / f"junk{i}.yaml"
        path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
        result = run("validate", str(path))
        assert result.exit_code == 2, result.stderr
        (line,) = result.stderr.splitlines()
        m = DIAGNOSTIC.match(line)
        assert m and m["level"] == "error" and int(m["line"]) >= 1, line


def test_missing_file_and_directory(tmp_path):
    for target, message in [(tmp_path / "nope.yaml", "file not found"), (tmp_path, "is a directory")]:
        result = run("validate", str(target))
        assert result.exit_code == 2
        (line,) = result.stderr.splitlines()
        m = DIAGNOSTIC.match(line)
        assert m and m["level"] == "error", line
        assert m["file"].endswith(target.name), line
        assert message in line and "Traceback" not in line


def test_bad_arguments_exit_2():
    assert run("validate").exit_code == 2
    assert run("validate", "--no-such-flag", str(SEED)).exit_code == 2


def test_internal_errors_exit_3_without_a_traceback(monkeypatch):
    import generator.pipeline

    def boom(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.delenv("SDKGEN_DEBUG", raising=False)
    monkeypatch.setattr(generator.pipeline, "build_ir", boom)
    result = run("validate", str(SEED))
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError: simulated bug" in result.stderr
    assert "Traceback" not in result.output


# -- pathological nesting: no traceback, no hang --------------------------------------------------

DEPTH = 5000


def deep_yaml() -> str:
    schema = "{type: object, properties: {a: " * DEPTH + "{type: string}" + "}}" * DEPTH
    return f"openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"


def deep_json() -> str:
    schema = '{"type": "object", "properties": {"a": ' * DEPTH + '{"type": "string"}' + "}}" * DEPTH
    return '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": ' + schema + "}}}"


def deep_list_yaml() -> str:
    return "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-deep: " + "[" * DEPTH + "]" * DEPTH + "\n"


@pytest.mark.parametrize(("name", "make"), [("deep.yaml", deep_yaml), ("deep.json", deep_json), ("deep-list.yaml", deep_list_yaml)])
@pytest.mark.parametrize("command", ["validate", "inspect"])
def test_deeply_nested_input_neither_crashes_nor_hangs(tmp_path, name, make, command):
    path = tmp_path / name
    path.write_text(make(), encoding="utf-8")
    proc = sdkgen_process(command, str(path), timeout=90)
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    for line in proc.stderr.splitlines():
        if line.startswith(str(path)) and ("error[" in line or "warning[" in line):
            m = DIAGNOSTIC.match(line)
            assert m and m["line"] and int(m["line"]) >= 1, line[:300]
    if proc.returncode == 1:
        assert any("too deep" in m["msg"] or "too deeply" in m["msg"] for m in diagnostic_lines(proc.stderr))
    if command == "inspect" and proc.returncode in (0, 1):
        json.loads(proc.stdout)


# -- spec errors: exit 1 with located errors ----------------------------------------------------


def test_dangling_ref_exits_1_with_a_located_error(write_spec):
    path = write_spec("""\
        openapi: 3.0.3
        info: {title: x, version: '1'}
        paths:
          /pets:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Pet'
        """)
    for command in ("validate", "inspect"):
        result = run(command, str(path))
        assert result.exit_code == 1, result.stderr
        (m,) = diagnostic_lines(result.stderr)
        assert (m["level"], m["code"], m["line"], m["col"]) == ("error", "ref-dangling", "12", "17")
        assert m["ptr"] == "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"
        assert "#/components/schemas/Pet" in m["msg"]
    assert json.loads(run("inspect", str(path)).stdout)["operations"]  # the IR is still printed
