"""The docs target's own rules: anchors, page names, type rendering, and the CLI entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.ir import ArrayOf, Const, Constraints, MapOf, Named, Nullable, Primitive
from generator.targets.docs.anchors import Slugger, file_names, slug
from generator.targets.docs.types import constraints_md, type_md
from generator.targets.text import md_fence
from test_python_golden import compare_tree

ROOT = Path(__file__).resolve().parent.parent


def link(name: str) -> str:
    return f"{name.lower()}.md"


def test_slugs_follow_github_and_repeats_get_a_suffix() -> None:
    assert slug("List an investor's API keys") == "list-an-investors-api-keys"
    assert slug("Ünïcode — and_under") == "ünïcode--and_under"
    s = Slugger()
    assert [s.add("Same"), s.add("Same"), s.add("Same-1"), s.add("Same")] == ["same", "same-1", "same-1-1", "same-2"]


def test_page_names_are_distinct_even_on_case_folding_file_systems() -> None:
    names = file_names(["Order", "order", "ORDER", "Readme", "$$$"], "model")
    assert len({v.lower() for v in names.values()}) == 5
    assert all(v.lower() != "readme.md" for v in names.values())
    assert names["$$$"] == "model.md"


def test_types_read_the_same_in_every_language() -> None:
    assert type_md(Primitive("string", "date-time"), link) == "string (date-time)"
    assert type_md(ArrayOf(Named("Order")), link) == "array of [Order](order.md)"
    assert type_md(MapOf(Primitive("integer")), link) == "map of integer"
    assert type_md(Nullable(Named("Order")), link) == "[Order](order.md) \\| null"
    assert type_md(Nullable(ArrayOf(Primitive("string"))), link) == "(array of string) \\| null"
    assert type_md(Const("a|b"), link) == '`"a\\|b"`'


def test_constraints_are_short_and_table_safe() -> None:
    c = Constraints(minimum=1, maximum=100, exclusive_maximum=True, max_length=3, pattern="^a|b$")
    assert constraints_md(c) == "≥ 1, &lt; 100, max length 3, pattern `^a\\|b$`"


def test_a_code_fence_cannot_be_closed_by_its_content() -> None:
    assert md_fence("plain") == "```"
    assert md_fence('x = "````"') == "`````"


def test_cli_generates_the_docs_ad_hoc(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", "specs/bluum/openapi.yaml", "--lang", "docs", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {p.relative_to(ROOT / "generated/docs").as_posix(): p.read_text(encoding="utf-8")
                for p in (ROOT / "generated/docs").rglob("*") if p.is_file() and p.suffix == ".md"}
    problems = [p for p in compare_tree(expected, out) if not p.startswith("extra: .sdkgen-manifest")]
    assert not problems, problems[:10]
