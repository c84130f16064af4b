"""The docs render with a standard Markdown renderer (markdown-it-py, CommonMark + GFM
tables): every table survives with the right number of cells in every row, and hostile spec
text (pipes, newlines, HTML, backticks, headings, open fences) neither breaks a table nor
reaches the page as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.targets.text import md_block, md_cell, md_code, md_plain

ROOT = Path(__file__).resolve().parent.parent
BLUUM = ROOT / "generated/docs"
HOSTILE = ROOT / "tests/fixtures/docs/hostile-text/expected"
MD = MarkdownIt("commonmark").enable("table")


def tables(markdown: str) -> list[tuple[int, list[int]]]:
    """(header columns, [cells per body row]) for each table the renderer produces, and
    the number of Markdown table blocks in the source for comparison."""
    tokens = MD.parse(markdown)
    out, cells, rows, head = [], 0, [], 0
    in_head = False
    for t in tokens:
        if t.type == "table_open":
            rows, head = [], 0
        elif t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            cells = 0
        elif t.type in ("th_open", "td_open"):
            cells += 1
        elif t.type == "tr_close":
            if in_head:
                head = cells
            else:
                rows.append(cells)
        elif t.type == "table_close":
            out.append((head, rows))
    return out


def split_row(line: str) -> int:
    """Cells in a table row as GFM splits it: on every pipe not escaped by a backslash
    (a renderer silently drops surplus cells, so the source must be counted too)."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


def source_tables(markdown: str) -> list[tuple[int, list[int]]]:
    """(columns from the delimiter row, [cells per body row]) of each table as written."""
    out = []
    lines = markdown.split("\n")
    fence = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fence = not fence
        if fence or not re.fullmatch(r"\|(---\|)+", line):
            continue
        body = []
        while i + 1 + len(body) < len(lines) and lines[i + 1 + len(body)].startswith("| "):
            body.append(split_row(lines[i + 1 + len(body)]))
        out.append((line.count("---"), body))
    return out


PAGES = sorted(BLUUM.rglob("*.md")) + sorted(HOSTILE.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_table_renders_with_every_row_complete(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    rendered = tables(text)
    written = source_tables(text)
    assert len(rendered) == len(written), "a table did not render as a table"
    for (head, rows), (columns, body) in zip(rendered, written):
        assert head == columns
        assert len(rows) == len(body), "a row fell out of its table"
        assert all(n == columns for n in rows), f"a row has missing cells: {rows}"
        assert all(n == columns for n in body), f"spec text split a row into extra cells: {body}"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_no_spec_html_reaches_the_page(page: Path) -> None:
    html = MD.render(page.read_text(encoding="utf-8"))
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    # The only tags are Markdown's own (and <br> for line breaks inside table cells).
    assert tags <= {"h1", "h2", "h3", "p", "a", "code", "pre", "strong", "em", "ul", "ol", "li", "table", "thead",
                    "tbody", "tr", "th", "td", "br", "hr"}, tags


def test_hostile_fixture_text_survives_as_text() -> None:
    group = MD.render((HOSTILE / "groups/things-stuff.md").read_text(encoding="utf-8"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in group
    assert "Search | text &lt;br&gt; more" in group  # pipe and HTML shown, not obeyed
    model = MD.render((HOSTILE / "models/thing.md").read_text(encoding="utf-8"))
    assert "<code>we|ird`name</code>" in model  # a wire name with a pipe and a backtick
    assert "<code>^a|b$</code>" in model
    index = MD.render((HOSTILE / "README.md").read_text(encoding="utf-8"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "<h1>Top heading" not in index and "<strong>Top heading from the spec</strong>" in index
    # The spec's unclosed fence is closed before our next section.
    assert "<h2>Servers</h2>" in index


def test_cell_escaping_keeps_text_and_table_shape() -> None:
    cell = md_cell("a | b\n\nc `x|y` <i>\\")
    row = f"| h1 | h2 |\n|---|---|\n| {cell} | {md_plain('p|q [x](y) # <b>')} |\n"
    assert tables(row) == [(2, [2])] and source_tables(row) == [(2, [2])]
    assert source_tables("| a | b |\n|---|---|\n| x | y | z |\n") == [(2, [3])]  # the check can fail
    html = MD.render(row)
    assert "a | b<br><br>c <code>x|y</code> &lt;i&gt;" in html
    assert "p|q [x](y) # &lt;b&gt;" in html


def test_code_span_holds_any_backticks() -> None:
    html = MD.render(f"x {md_code('a ``b` c')} y")
    assert "<code>a ``b` c</code>" in html


def test_block_keeps_markdown_but_not_headings_or_html() -> None:
    html = MD.render(md_block("# Head\nSome *emphasis* and `<code>`.\n<div>raw</div>\n- item"))
    assert "<h1>" not in html and "<strong>Head</strong>" in html
    assert "<em>emphasis</em>" in html and "<code>&lt;code&gt;</code>" in html
    assert "&lt;div&gt;raw&lt;/div&gt;" in html and "<li>item</li>" in html


CORPUS = ROOT.parent / "shared/corpus"
CORPUS_SPECS = ["discord/openapi.json", "opc-baseline-3.0/baseline_openapi_3.0.json", "twilio-api-v2010/twilio_api_v2010.json"]


@pytest.mark.corpus
@pytest.mark.parametrize("spec", CORPUS_SPECS)
def test_tables_survive_real_world_spec_text(spec: str) -> None:
    path = CORPUS / spec
    if not path.exists():
        pytest.skip(f"{path} is absent")
    from generator.pipeline import build_ir
    from generator.targets.docs import render_files

    api, _ = build_ir(path, validate=False)
    problems = []
    for name, text in render_files(api, None).items():
        rendered, written = tables(text), source_tables(text)
        ok = len(rendered) == len(written) and all(
            head == columns and len(rows) == len(body) and all(n == columns for n in rows + body)
            for (head, rows), (columns, body) in zip(rendered, written)
        )
        if not ok:
            problems.append(name)
    assert not problems, problems[:10]
