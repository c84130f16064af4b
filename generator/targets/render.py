"""The Jinja environment shared by all targets: templates only loop and look things up;
escaping is done by filters named for the context they serve."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2

from .text import clean, md_block, md_cell, md_code, md_fence, md_plain, md_safe_links, one_line, py_doc, py_str

# generator/templates links to the repository's templates/ so a wheel carries them as package data.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def toml_str(value: str) -> str:
    return json.dumps(clean(str(value)), ensure_ascii=False)


def md_text(value: str) -> str:
    """One line of Markdown text: no HTML, no table-breaking pipes, no links that run script."""
    text = one_line(value)
    return md_safe_links(text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;"))


@lru_cache(maxsize=None)
def environment(target: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / target)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(pystr=py_str, pydoc=py_doc, tomlstr=toml_str, mdtext=md_text, oneline=one_line)
    env.filters.update(mdcell=md_cell, mdblock=md_block, mdcode=md_code, mdplain=md_plain, mdfence=md_fence)
    return env
