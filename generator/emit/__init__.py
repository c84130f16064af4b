"""Stage 5 — emit: format rendered files and write them safely."""

from .format import FormatError, format_files
from .write import MANIFEST, WriteError, write_tree

__all__ = ["FormatError", "format_files", "MANIFEST", "WriteError", "write_tree"]
