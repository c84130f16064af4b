"""Read spec values that should be arrays or objects when a spec may hold anything there.

The validator reports a wrong type with its location; normalisation must not crash on it, so
a wrong type reads as empty (``servers: 1.0`` → no servers).
"""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
