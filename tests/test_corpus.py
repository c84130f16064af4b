"""Real-world specs (../shared/corpus, outside the repository): `sdkgen inspect` never crashes.

Each spec either loads cleanly (exit 0) or reports located errors (exit 1) — never a traceback,
an internal error or a hang. Skipped when the corpus folder is absent (e.g. on a user's clone).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
TIMEOUT = 120

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)(?: \([^)]*\))?: (?P<level>error|warning)\[[\w.-]+\]: .+$")

pytestmark = pytest.mark.corpus


def corpus_specs() -> list[str]:
    """Root files from the README table (first column), e.g. ``stripe/spec3.yaml``."""
    readme = CORPUS / "README.md"
    if not readme.exists():
        return []
    roots = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and re.search(r"\.(ya?ml|json)$", cells[0]) and "/" in cells[0]:
            roots.append(cells[0])
    return roots


SPECS = corpus_specs()


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
def test_corpus_readme_lists_specs():
    assert len(SPECS) >= 10
    for spec in SPECS:
        assert (CORPUS / spec).is_file(), spec


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")
@pytest.mark.parametrize("spec", SPECS or ["(none)"], ids=lambda s: s.split("/")[0])
def test_corpus_spec_inspects_cleanly(spec):
    path = CORPUS / spec
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    env = {k: v for k, v in os.environ.items() if k not in ("SDKGEN_DEBUG", "PYTHONPATH")}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "generator.cli", "inspect", str(path)],  # this checkout's code
            capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"sdkgen inspect {spec} took more than {TIMEOUT} s")
    stderr = proc.stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-3000:]
    assert proc.returncode in (0, 1), f"exit {proc.returncode}:\n{stderr[-3000:]}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    unlocated = [line for line in lines if not LOCATED.match(line)]
    assert not unlocated, "\n".join(unlocated[:20])
    for line in lines:
        assert int(LOCATED.match(line)["line"]) >= 1, line
    if proc.returncode == 1:
        assert any(LOCATED.match(line)["level"] == "error" for line in lines)
    data = json.loads(proc.stdout)
    assert data["openapi_version"].startswith(("3.0", "3.1"))
