"""The assembled package (runtime + generated-style code) passes mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_mypy_strict(package_dir: Path) -> None:
    root = package_dir.parent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(root / ".mypy_cache"),
            "-p",
            package_dir.name,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
