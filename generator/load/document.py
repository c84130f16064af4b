"""A loaded spec: its root file, every file reached through ``$ref``, and ref resolution.

``$ref``s are not inlined (real specs are cyclic); later stages follow them on demand with
:meth:`Document.deref`, always knowing which file and pointer a node came from.
"""

from __future__ import annotations

import os
from urllib.parse import unquote
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..diagnostics import Diagnostics, SpecError, Diagnostic, Location
from .locator import Locator
from .parse import ParseError, parse_text
from .pointer import from_fragment, join, split

MAX_FILE_BYTES = 256 * 1024 * 1024


class RefError(Exception):
    """A ``$ref`` that cannot be followed (dangling, remote, cyclic, malformed)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Fix (tests/test_diagnostics.py): the loader checks every `$ref` string of every file it loads
# and reports the broken ones at the `$ref` itself. Later stages following the same ref met the
# same error and reported it again, at the referring node: two lines for one problem.
REPORTED_AT_LOAD = frozenset({"ref-dangling", "ref-remote", "ref-file", "ref-outside", "ref-malformed", "ref-cycle"})

# A spec may come from a partner: its $refs must not read arbitrary local files (an absolute
# path or ../../ could pull a secret into a generated SDK or an error message). Files are read
# only under the root spec's folder, or under $SDKGEN_REF_ROOT when a project keeps shared
# schemas beside it (e.g. SDKGEN_REF_ROOT=.. for ../common/schemas.yaml).
REF_ROOT_ENV = "SDKGEN_REF_ROOT"


def report_ref_error(diagnostics: Diagnostics, exc: RefError, file: str, pointer: str) -> None:
    """Report a RefError met while following refs, unless the loader already reported it."""
    if exc.code not in REPORTED_AT_LOAD:
        diagnostics.error(exc.code, exc.message, file, pointer)


@dataclass
class SourceFile:
    path: Path  # absolute
    name: str  # as shown to the user
    text: str
    data: Any
    _locator: Locator | None = None

    def locate(self, pointer: str) -> tuple[int, int]:
        if self._locator is None:
            self._locator = Locator(self.name, self.text)
        return self._locator.locate(pointer)


def _display_name(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # other drive on Windows
        return str(path)
    return rel if not rel.startswith("..") or len(rel) < len(str(path)) else str(path)


def read_source(path: Path, name: str | None = None) -> SourceFile:
    """Read and parse one file; raises SpecError with a located diagnostic on failure."""
    name = name or _display_name(path)

    def fail(message: str, line: int = 0, column: int = 0) -> SpecError:
        return SpecError([Diagnostic("error", "load", message, Location(name, line, column, ""))])

    try:
        if path.is_dir():
            raise fail("is a directory, not a spec file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1  # Fix: locate the offending byte
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(f"not UTF-8 text (byte {exc.start}): binary data, not a YAML or JSON document", line, column) from None
    try:
        data = parse_text(name, text)
    except ParseError as exc:
        raise fail(exc.message, exc.line, exc.column) from None
    return SourceFile(path=path.resolve(), name=name, text=text, data=data)


@dataclass
class Document:
    root: SourceFile
    files: dict[str, SourceFile] = field(default_factory=dict)  # keyed by display name
    fixed: set[tuple[str, str]] = field(default_factory=set)  # (file, pointer) rewritten by fixups

    @property
    def data(self) -> Any:
        return self.root.data

    def locate(self, file: str, pointer: str) -> tuple[int, int]:
        src = self.files.get(file)
        return src.locate(pointer) if src else (0, 0)

    # -- references --------------------------------------------------------------------
    def ref_root(self) -> Path:
        configured = os.environ.get(REF_ROOT_ENV)
        return Path(configured).resolve() if configured else self.root.path.resolve().parent

    def _file_for(self, ref_path: str, from_file: str) -> SourceFile:
        base = self.files[from_file].path.parent
        try:
            target = (base / ref_path).resolve()
        except (OSError, ValueError) as exc:  # a NUL byte, a loop of symlinks, ...
            raise RefError("ref-file", f"cannot load referenced file {ref_path!r}: {exc}") from None
        root = self.ref_root()
        if not target.is_relative_to(root):
            raise RefError(
                "ref-outside",
                f"{ref_path!r} is outside {root}; sdkgen reads referenced files only under the spec's "
                f"folder (set {REF_ROOT_ENV} to a folder that holds them all to widen this)",
            )
        for src in self.files.values():
            if src.path == target:
                return src
        try:
            src = read_source(target)
        except SpecError as exc:
            raise RefError("ref-file", f"cannot load referenced file {ref_path!r}: {exc.diagnostics[0].message}")
        self.files[src.name] = src
        return src

    def target(self, ref: str, from_file: str) -> tuple[str, str]:
        """``$ref`` string → (file name, pointer) of what it points at."""
        if not isinstance(ref, str):
            raise RefError("ref-malformed", f"$ref must be a string, got {type(ref).__name__}")
        if ref.startswith(("http://", "https://", "//")):
            raise RefError(
                "ref-remote",
                f"remote reference {ref!r} cannot be fetched: sdkgen works offline; "
                "download the document and refer to it by relative path",
            )
        file_part, _, fragment = ref.partition("#")
        try:
            pointer = from_fragment(fragment)
        except ValueError as exc:
            raise RefError("ref-malformed", str(exc)) from None
        src = self._file_for(unquote(file_part), from_file) if file_part else self.files[from_file]
        return src.name, pointer

    def get(self, file: str, pointer: str) -> Any:
        node = self.files[file].data
        try:
            tokens = split(pointer)
        except ValueError as exc:
            raise RefError("ref-malformed", str(exc)) from None
        for token in tokens:
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise RefError("ref-dangling", f"{file}#{pointer} does not exist")
        return node

    def deref(self, node: Any, file: str, pointer: str) -> tuple[Any, str, str]:
        """Follow ``$ref`` chains from ``node``; returns the final (node, file, pointer)."""
        seen: set[tuple[str, str]] = set()
        while isinstance(node, dict) and "$ref" in node:
            file, pointer = self.target(node["$ref"], file)
            if (file, pointer) in seen:
                raise RefError("ref-cycle", f"$ref chain loops back to {file}#{pointer}")
            seen.add((file, pointer))
            node = self.get(file, pointer)
        return node, file, pointer

    def iter_refs(self, file: str) -> Iterator[tuple[str, str]]:
        """Every ``$ref`` in a file as (pointer of the ref node, ref string); iterative."""
        stack: list[tuple[Any, str]] = [(self.files[file].data, "")]
        while stack:
            node, ptr = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    yield ptr, ref
                for key, value in node.items():
                    if isinstance(value, (dict, list)):
                        stack.append((value, join(ptr, key)))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, f"{ptr}/{i}"))


def load_document(path: str | os.PathLike[str], diagnostics: Diagnostics) -> Document:
    """Load the root file and every file it references; report refs that cannot resolve."""
    root = read_source(Path(path))
    doc = Document(root=root, files={root.name: root})
    diagnostics.resolver = doc.locate
    pending = [root.name]
    done: set[str] = set()
    while pending:
        name = pending.pop()
        if name in done:
            continue
        done.add(name)
        for ptr, ref in doc.iter_refs(name):
            try:
                file, target = doc.target(ref, name)
                node = doc.get(file, target)
            except RefError as exc:
                diagnostics.error(exc.code, f"$ref {ref!r}: {exc.message}", name, join(ptr, "$ref"))
                continue
            if isinstance(node, dict) and "$ref" in node:
                # Fix: a $ref chain that loops (A: {$ref: B}, B: {$ref: A}) is reported here, at
                # each $ref on the loop, like every other broken ref; it used to surface only
                # later, and the validator then recursed into it ("nested too deeply").
                try:
                    doc.deref(node, file, target)
                except RefError as exc:
                    if exc.code == "ref-cycle":
                        diagnostics.error(exc.code, f"$ref {ref!r}: {exc.message}", name, join(ptr, "$ref"))
            if file not in done:
                pending.append(file)
    return doc
