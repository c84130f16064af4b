"""generated/typescript is the golden output for specs/bluum; fixture specs under
tests/fixtures/typescript/ have their own (expected/). Regenerate with
``scripts/regenerate --only typescript``. Any missing, extra or changed file fails.

The fixture goldens are also type-checked, together with a type-level test file that pins how
each kind of discriminator becomes a TypeScript union (tests/typescript/fixture-typing.check.ts),
and every operation's example call (the README's examples are some of them) must compile.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import __version__
from generator.emit import MANIFEST
from generator.emit.write import manifest_text
from generator.generate import render_target
from test_python_golden import compare_tree
from typescript.tsbuild import TESTS, compile_ts, example_calls

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests/fixtures/typescript").glob("*/openapi.yaml"))
CASES = [(ROOT / "specs/bluum/openapi.yaml", ROOT / "generated/typescript", "bluum")] + [
    (spec, spec.parent / "expected", "fixture") for spec in FIXTURES
]


@pytest.mark.parametrize("spec,out,package", CASES, ids=[c[1].relative_to(ROOT).as_posix() for c in CASES])
def test_generated_typescript_is_current(spec: Path, out: Path, package: str) -> None:
    files, _ = render_target(spec, "typescript", package=package)
    files[MANIFEST] = manifest_text(dict(files), f"sdkgen {__version__}")
    problems = compare_tree(files, out)
    assert not problems, "generated output is stale; run scripts/regenerate --only typescript\n" + "\n".join(problems[:30])


def test_generation_is_deterministic() -> None:
    first, _ = render_target(FIXTURES[0], "typescript", package="fixture")
    second, _ = render_target(FIXTURES[0], "typescript", package="fixture")
    assert first == second


def test_fixture_goldens_and_their_type_level_file_compile(tmp_path: Path) -> None:
    check = TESTS / "fixture-typing.check.ts"
    proc = compile_ts([TESTS / "node-shim.d.ts", check], tmp_path, emit=False)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    # Each @ts-expect-error must mark a real error: without the directives the same lines fail.
    lines = check.read_text(encoding="utf-8").splitlines()
    kept, expected = [], []
    for line in lines:
        if line.strip().startswith("// @ts-expect-error"):
            expected.append(len(kept) + 1)
        else:
            kept.append(line.replace("../fixtures/", (ROOT / "tests/fixtures").as_posix() + "/"))
    (tmp_path / "strip").mkdir()
    (tmp_path / "strip/package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    (tmp_path / "strip/check.ts").write_text("\n".join(kept) + "\n", encoding="utf-8")
    proc = compile_ts([TESTS / "node-shim.d.ts", tmp_path / "strip/check.ts"], tmp_path / "strip", emit=False)
    failing = {int(m) for m in re.findall(r"check\.ts\((\d+),\d+\): error TS", proc.stdout)}
    assert expected and set(expected) <= failing, proc.stdout[-4000:]


def test_every_operations_example_call_compiles_against_its_golden(tmp_path: Path) -> None:
    # The README's examples are calls like these: the spec's example values when they fit the
    # declared types, placeholders of those types otherwise. Each must type-check as written.
    sources = [TESTS / "node-shim.d.ts"]
    for spec, out, package in CASES:
        index = (out / "src/index.ts").read_text(encoding="utf-8")
        client = re.search(r"export \{ (\w+), \1 as default", index)
        assert client, f"{out}/src/index.ts exports no default client"
        path = tmp_path / f"{out.parent.name}-calls.ts"
        path.write_text(example_calls(spec, (out / "src/index.js").as_posix(), client[1]), encoding="utf-8")
        sources.append(path)
    (tmp_path / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    proc = compile_ts(sources, tmp_path / "build", emit=False)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
