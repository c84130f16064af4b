"""Stage 5 — emit: write rendered files safely, and compare them with what is on disk."""

from .write import MANIFEST, WriteError, write_tree

__all__ = ["MANIFEST", "WriteError", "write_tree"]
