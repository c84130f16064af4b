"""A spec's info.version becomes a version pip and npm accept (generator/targets/versions.py).

Stripe's "2023-08-16" and Plaid's "2020-09-14_1.697.4" went into pyproject.toml and package.json
as written, and neither pip nor npm would install the SDK.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from generator.pipeline import build_ir
from generator.targets import get_target
from generator.targets.versions import _SEMVER, pep440, semver

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "version,python,npm",
    [
        ("1.0.0", "1.0.0", "1.0.0"),
        ("v2", "2", "2.0.0"),
        ("10", "10", "10.0.0"),
        ("2023-08-16", "2023.8.16", "2023.8.16"),
        ("2020-09-14_1.697.4", "2020.9.14.1.697.4", "2020.9.14+1.697.4"),
        ("2.0.0-beta.1", "2.0.0b1", "2.0.0-beta.1"),
        ("1.02.3", "1.2.3", "1.2.3"),
        ("latest", "0.0.0", "0.0.0"),
        ("", "0.0.0", "0.0.0"),
    ],
)
def test_api_versions_become_package_versions(version: str, python: str, npm: str) -> None:
    assert pep440(version) == python
    assert semver(version) == npm


@given(st.text(max_size=30))
def test_any_text_gives_a_valid_pep440_and_semver_version(version: str) -> None:
    Version(pep440(version))  # raises InvalidVersion otherwise
    assert _SEMVER.match(semver(version))


SPEC = """\
openapi: 3.0.3
info: {title: Dated, version: '2023-08-16'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok}
"""


@pytest.fixture
def dated(tmp_path: Path):
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    api, _ = build_ir(spec)
    return api


def test_a_dated_api_version_gives_an_installable_python_package(dated, tmp_path: Path) -> None:
    files = get_target("python").render_files(dated, "dated")
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert str(Version(project["version"])) == project["version"] == "2023.8.16"
    namespace: dict[str, object] = {}
    exec(files["src/dated/_version.py"], namespace)  # noqa: S102 - generated code under test
    assert namespace["__version__"] == "2023.8.16" and namespace["API_VERSION"] == "2023-08-16"
    assert "2023-08-16" in files["README.md"]  # the README names the API's own version


def test_a_dated_api_version_gives_a_package_npm_accepts(dated, tmp_path: Path) -> None:
    files = get_target("typescript").render_files(dated, "dated")
    package = json.loads(files["package.json"])
    assert package["version"] == "2023.8.16"
    assert 'API_VERSION = "2023-08-16"' in files["src/version.ts"]
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    folder = tmp_path / "ts"
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    # npm validates the version when packing (no network, no build: the file list only)
    proc = subprocess.run(["npm", "pack", "--dry-run", "--json", "--ignore-scripts"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["version"] == "2023.8.16"
