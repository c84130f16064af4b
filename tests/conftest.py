"""Shared pytest fixtures. Keep this small; put each group of fixtures under its own heading."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

# --- generator core (test_load, test_check, test_normalise, test_cli, test_diagnostics, ...) ---

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[..., Path]:
    """write_spec(text, name="openapi.yaml") → the path of a dedented file under tmp_path."""

    def write(text: str | bytes, name: str = "openapi.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
