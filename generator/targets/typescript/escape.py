"""Escaping spec text for the TypeScript contexts it lands in: string literals, template
literals and JSDoc. Spec text is data: nothing it says may close what it is placed in."""

from __future__ import annotations

import json

from ..text import clean, js_str


def ts_str(value: str) -> str:
    """A double-quoted TypeScript string literal for any text (see ``text.js_str``)."""
    return js_str(value)


def ts_literal(value: object) -> str:
    """A TypeScript expression for a JSON value (objects keep their keys quoted)."""
    if isinstance(value, str):
        return ts_str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(ts_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{ts_str(str(k))}: {ts_literal(v)}" for k, v in value.items()) + " }" if value else "{}"
    return ts_str(json.dumps(value, sort_keys=True))


def ts_template_text(text: str) -> str:
    """Literal text inside a `...` template literal: no backtick, no ${, no escapes."""
    body = ts_str(text)[1:-1].replace('\\"', '"')
    return body.replace("`", "\\`").replace("${", "\\${")


def js_doc(text: str) -> list[str]:
    """The lines of a JSDoc comment body: `*/` cannot close it, `@` cannot start a tag."""
    text = clean(text).replace("*/", "*\\/").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return [("\\" + line if line.lstrip().startswith("@") else line) for line in lines]
