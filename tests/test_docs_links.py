"""Every link between doc pages resolves: the file exists and, with a ``#fragment``, the page
has a heading with that anchor. Anchors are recomputed here from the rendered headings with
GitHub's rule, independently of the generator's own slugger."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
TREES = [ROOT / "generated/docs", ROOT / "tests/fixtures/docs/hostile-text/expected"]
MD = MarkdownIt("commonmark").enable("table")


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a page's headings: text lower-cased, everything but letters,
    digits, ``-``, ``_`` and spaces dropped, spaces → ``-``, repeats suffixed -1, -2, …"""
    tokens = MD.parse(markdown)
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for i, t in enumerate(tokens):
        if t.type != "heading_open":
            continue
        text = "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))
        base = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        slug = base
        while slug in anchors:
            counts[base] = counts.get(base, 0) + 1
            slug = f"{base}-{counts[base]}"
        anchors.add(slug)
    return anchors


def links(markdown: str) -> list[str]:
    out = []
    for t in MD.parse(markdown):
        for child in t.children or []:
            if child.type == "link_open":
                out.append(str(child.attrs["href"]))
    return out


def broken_links(pages: dict[str, str]) -> tuple[int, list[str]]:
    """(links checked, problems) for pages given as {relative path: Markdown}."""
    anchors = {name: github_anchors(text) for name, text in pages.items() if name.endswith(".md")}
    broken, checked = [], 0
    for name, text in pages.items():
        if not name.endswith(".md"):
            continue
        for href in links(text):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # external
            target = name if not parts.path else _normalise(str(PurePosixPath(name).parent / unquote(parts.path)))
            checked += 1
            if target not in anchors:
                broken.append(f"{name}: {href} (no page {target})")
            elif parts.fragment and unquote(parts.fragment) not in anchors[target]:
                broken.append(f"{name}: {href} (no heading #{parts.fragment} in {target})")
    return checked, broken


@pytest.mark.parametrize("tree", TREES, ids=[t.relative_to(ROOT).as_posix() for t in TREES])
def test_every_intra_doc_link_and_anchor_resolves(tree: Path) -> None:
    pages = {p.relative_to(tree).as_posix(): p.read_text(encoding="utf-8") for p in tree.rglob("*.md")}
    checked, broken = broken_links(pages)
    assert checked > len(pages), "expected links on every page"
    assert not broken, "\n".join(broken[:30])


CORPUS = ROOT.parent / "shared/corpus"
CORPUS_SPECS = ["alpaca-trading/openapi.yaml", "discord/openapi.json", "oag-oneOfDiscriminator/oneOfDiscriminator.yaml",
                "opc-baseline-3.1/baseline_openapi_3.1.yaml", "twilio-api-v2010/twilio_api_v2010.json"]


@pytest.mark.corpus
@pytest.mark.parametrize("spec", CORPUS_SPECS)
def test_links_resolve_in_docs_of_real_world_specs(spec: str) -> None:
    path = CORPUS / spec
    if not path.exists():
        pytest.skip(f"{path} is absent")
    from generator.pipeline import build_ir
    from generator.targets.docs import render_files

    api, _ = build_ir(path, validate=False)
    checked, broken = broken_links(render_files(api, None))
    assert checked
    assert not broken, "\n".join(broken[:30])


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            out = out[:-1]
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def test_every_model_and_operation_is_reachable_from_the_index() -> None:
    tree = ROOT / "generated/docs"
    index = (tree / "README.md").read_text(encoding="utf-8")
    models = (tree / "models/README.md").read_text(encoding="utf-8")
    for page in (tree / "groups").glob("*.md"):
        assert f"(groups/{page.name})" in index, page.name
    for page in (tree / "models").glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in models, page.name


def test_the_checker_catches_a_broken_anchor() -> None:
    text = "# Title\n\n## Same\n\n## Same\n\n[x](#same-1) [y](#same-2)\n"
    assert github_anchors(text) == {"title", "same", "same-1"}
