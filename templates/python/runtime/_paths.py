"""Path parameters: checked and percent-encoded before they enter a URL."""

from __future__ import annotations

from urllib.parse import quote


def path_param(name: str, value: object) -> str:
    """Encode one path parameter; an empty value would silently hit another endpoint."""
    text = value if isinstance(value, str) else str(value)
    if text == "":
        raise ValueError(f"Expected a non-empty value for path parameter {name!r}")
    return quote(text, safe="")
