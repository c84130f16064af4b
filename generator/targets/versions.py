"""An API's ``info.version`` as a version each package manager accepts.

``info.version`` is the API's own version, free text: "1.0.0", "v2", Stripe's "2023-08-16",
Plaid's "2020-09-14_1.697.4". A Python distribution needs a PEP 440 version and an npm package
a semver one, or pip and npm refuse to install the generated SDK. A version that already is one
is kept (in its normal form); otherwise its numbers, in order, make one ("2023-08-16" →
2023.8.16), and a version without numbers becomes 0.0.0. The SDKs keep the API's own string as
``API_VERSION``.
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

# semver.org's own pattern (2.0.0)
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def _numbers(version: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", version)]


def pep440(version: str) -> str:
    """A PEP 440 version for ``version`` (see the module docstring)."""
    try:
        return str(Version(version))
    except InvalidVersion:
        numbers = _numbers(version)
        return ".".join(map(str, numbers)) if numbers else "0.0.0"


def semver(version: str) -> str:
    """A semver version for ``version``: the first three numbers, any others as build metadata."""
    if _SEMVER.match(version):
        return version
    numbers = _numbers(version)
    release = (numbers + [0, 0, 0])[:3]
    extra = numbers[3:]
    return ".".join(map(str, release)) + ("+" + ".".join(map(str, extra)) if extra else "")
