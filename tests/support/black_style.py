"""black, the reference style of generated Python: what tests compare the output against.

The Python target emits this style by construction (generator/targets/python/layout.py), so
generation never runs black; tests format the output here and expect no change.
"""

from __future__ import annotations

import black


def black_mode() -> black.Mode:
    """The reference: black's defaults (88 columns) for Python 3.10."""
    return black.Mode(target_versions={black.TargetVersion.PY310})


def black_format(text: str) -> str:
    """``text`` as black would write it (raises black's errors on invalid code)."""
    return black.format_str(text, mode=black_mode())
