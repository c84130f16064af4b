"""IR snapshots: every tests/fixtures/ir/<case>/openapi.* has an ir.json equal to its IR dump.

To update after an intended change: run scripts/regenerate, then read the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.ir.dump import dump_api
from generator.pipeline import build_ir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "ir"
HINT = "run scripts/regenerate and review the diff"


def spec_of(case: Path) -> Path | None:
    specs = sorted(case.glob("openapi.*"))
    specs = [s for s in specs if s.suffix in (".yaml", ".yml", ".json")]
    return specs[0] if specs else None


CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and (spec_of(p) or (p / "ir.json").exists()))


def test_there_are_ir_fixtures():
    assert len(CASES) >= 16


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_ir_matches_golden(case: Path, monkeypatch):
    monkeypatch.chdir(ROOT)  # source file names in the IR are relative to the repository root
    spec = spec_of(case)
    golden = case / "ir.json"
    if spec is None:
        pytest.fail(f"{golden.relative_to(ROOT)} has no openapi.yaml/openapi.json next to it; delete it or add the spec ({HINT})")
    if not golden.exists():
        pytest.fail(f"{golden.relative_to(ROOT)} is missing: {HINT}")
    api, _ = build_ir(spec.relative_to(ROOT))
    actual = dump_api(api)
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), "ir.json (golden)", "ir.json (now)", n=2,
        ))
        lines = diff.splitlines()
        shown = "\n".join(lines[:80]) + (f"\n... {len(lines) - 80} more diff lines" if len(lines) > 80 else "")
        pytest.fail(f"the IR of {spec.relative_to(ROOT)} differs from {golden.relative_to(ROOT)}; "
                    f"if the change is intended, {HINT}:\n{shown}")


def test_dump_is_stable_and_sorted():
    case = FIXTURES / "operations"
    first, _ = build_ir(case / "openapi.yaml")
    second, _ = build_ir(case / "openapi.yaml")
    text = dump_api(first)
    assert text == dump_api(second)
    assert text.endswith("\n") and '\n  "envelopes"' not in text  # empty fields are left out
    import json

    assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_golden_check_reports_missing_and_orphaned_snapshots(tmp_path, monkeypatch):
    """The parametrisation above must catch a case without ir.json and an ir.json without a spec."""
    import importlib

    fake = tmp_path / "tests" / "fixtures" / "ir"
    (fake / "no-golden").mkdir(parents=True)
    (fake / "no-golden" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n")
    (fake / "orphan").mkdir()
    (fake / "orphan" / "ir.json").write_text("{}\n")
    (fake / "empty-dir").mkdir()
    module = importlib.import_module(__name__)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    cases = sorted(p for p in fake.iterdir() if p.is_dir() and (spec_of(p) or (p / "ir.json").exists()))
    assert [c.name for c in cases] == ["no-golden", "orphan"]
    for case, expected in zip(cases, ["is missing: run scripts/regenerate", "has no openapi.yaml/openapi.json"]):
        with pytest.raises(pytest.fail.Exception) as exc:
            test_ir_matches_golden(case, monkeypatch)
        assert expected in str(exc.value)
    assert "scripts/regenerate" in str(exc.value)
