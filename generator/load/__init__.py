"""Stage 1 — load: read YAML/JSON files, resolve ``$ref``s across files, locate pointers."""

from .document import Document, SourceFile, load_document
from .pointer import escape, join, split, unescape

__all__ = ["Document", "SourceFile", "load_document", "escape", "join", "split", "unescape"]
