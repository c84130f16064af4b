"""Escaping spec text for the contexts generated code puts it in. Spec text is data:
nothing a spec says may close a string, docstring or comment it is placed in."""

from __future__ import annotations

import json
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Drop control characters (keeping tab and newline) and lone surrogates."""
    text = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def py_str(value: str) -> str:
    """A double-quoted Python string literal for any text (black-stable)."""
    value = str(value)
    if _has_surrogates(value):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def py_literal(value: object) -> str:
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return py_str(json.dumps(value, sort_keys=True))


def py_doc(text: str) -> str:
    """Text safe inside a triple-double-quoted docstring."""
    text = clean(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if text.endswith('"'):
        text += " "
    return text


def one_line(text: str, limit: int = 0) -> str:
    text = " ".join(clean(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text
