"""The Python target emits black-formatted code by construction, so `sdkgen generate` runs no
black pass (a cold black pass over a Stripe-sized SDK took over a minute). black leaves every
generated `.py` file exactly as it is: the committed SDK, the fixture goldens, and SDKs rendered
in memory from real-world specs (../shared/corpus, skipped when absent; Stripe and Plaid sampled
so the test stays within about a minute).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from support.black_style import black_format, black_mode
from generator.pipeline import build_ir
from generator.targets import python as python_target

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SHOWN_FILES = 5
SHOWN_LINES = 40


def black_changes(files: dict[str, str]) -> list[str]:
    """A report per Python file black would change: its path and black's diff."""
    py = {path: text for path, text in files.items() if path.endswith(".py")}
    formatted = {path: black_format(text) for path, text in py.items()}
    report = []
    for path in sorted(py):
        if formatted[path] != py[path]:
            diff = difflib.unified_diff(
                py[path].splitlines(keepends=True), formatted[path].splitlines(keepends=True), path, f"{path} (black)"
            )
            report.append("".join(list(diff)[:SHOWN_LINES]))
    return report


def assert_black_stable(files: dict[str, str]) -> None:
    assert files, "no Python files to check"
    report = black_changes(files)
    assert not report, f"black would change {len(report)} file(s):\n" + "\n".join(report[:SHOWN_FILES])


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))}


def test_committed_sdk_is_black_stable() -> None:
    assert_black_stable(read_tree(ROOT / "generated" / "python"))


FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures" / "python").glob("*/expected") if p.is_dir())


@pytest.mark.skipif(not FIXTURES, reason="no Python fixture goldens")
@pytest.mark.parametrize("expected", FIXTURES, ids=lambda p: p.parent.name)
def test_fixture_golden_is_black_stable(expected: Path) -> None:
    assert_black_stable(read_tree(expected))


def sample(files: dict[str, str], every: int) -> dict[str, str]:
    """Every ``every``-th Python file in path order, plus the package-level modules."""
    paths = sorted(p for p in files if p.endswith(".py"))
    keep = set(paths[::every]) | {p for p in paths if p.endswith(("__init__.py", "/_client.py", "/_exceptions.py"))}
    return {p: files[p] for p in keep}


# (corpus spec, sample every n-th file; 1 = all)
CORPUS_SPECS = [
    ("oai-petstore/petstore.yaml", 1),
    ("opc-baseline-3.1/baseline_openapi_3.1.yaml", 1),
    ("oag-oneOfDiscriminator/oneOfDiscriminator.yaml", 1),
    ("oag-petstore-fake-endpoints/petstore-with-fake-endpoints-models-for-testing.yaml", 1),
    ("alpaca-trading/openapi.yaml", 1),
    ("discord/openapi.json", 1),
    ("twilio-api-v2010/twilio_api_v2010.json", 1),
    ("plaid/2020-09-14.yml", 10),
    ("stripe/spec3.yaml", 10),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("spec", "every"), CORPUS_SPECS, ids=[s.split("/")[0] for s, _ in CORPUS_SPECS])
def test_corpus_sdk_is_black_stable(spec: str, every: int) -> None:
    path = CORPUS / spec
    if not path.exists():
        pytest.skip(f"{path} not available")
    api, _ = build_ir(path)
    files = python_target.render_files(api, None)
    assert_black_stable(sample(files, every))


def _snippets() -> list[str]:
    """Small modules built with the layout helper across the 88-column boundary: every shape
    the templates use, with names growing one character at a time."""
    from generator.targets.python import layout

    out = []
    for n in range(45, 105):
        x = "X" * n
        for ann in (x, f"Optional[{x}]", f"Optional[List[{x}]]", f"Dict[str, {x}]", f'Union[Literal["{x[:20]}", "{x}"], str]'):
            fields = [layout.field("field_name", ann, default) for default in (None, "None", 'Field(default=None, alias="wire-name")', 'Field(alias="w")')]
            out.append("class M(BaseModel):\n" + "".join(f"    {f}\n" for f in fields))
            out.append(layout.assignment(f"Alias{x[:n // 2]}", ann, 0) + "\n")
            params = [layout.param("arg", ann, None), layout.param("arg_name", f"{ann} | NotGiven", "NOT_GIVEN")]
            body = "".join(f"        {p}\n" for p in params)
            out.append(
                "class R:\n    def method(\n        self,\n        *,\n" + body
                + f"    {layout.returns_line(ann, 4)}\n        {layout.returning(f'Wrapper{x}(self)', 8)}\n"
            )
        out.append(f"class R:\n    {layout.signature('attr' + x[: n // 2], ['self'], x, 4)}\n        pass\n")
        doc = layout.docstring(" ".join(["word"] * (n // 5)) + "\n" + "more " * (n // 5), 4)
        out.append(f"class C{n}(Base):\n    {doc}\n")
        out.append(layout.import_from(f".m{x[: n // 3]}", [f"A{x[: n // 2]}", "B"]) + "\n")
        out.append(layout.statement(f'__all__ = ["{x}", "Async{x}"]', 0) + "\n")
        out.append(layout.statement(f"class {x}(APIStatusError):", 0) + "\n    pass\n")
        out.append("T = {\n    " + layout.statement(f'(403, "{x[: n // 2]}"): {x[n // 2 :]}Error,', 4) + "\n}\n")
    return out


def test_layout_helper_matches_black_at_every_length() -> None:
    import black


    changed = [s for s in _snippets() if black.format_str(s, mode=black_mode()) != s]
    assert not changed, f"{len(changed)} snippet(s) not black-stable, e.g.:\n{changed[0]}"
