"""Write a generated tree atomically, never touching files the generator did not write.

The new tree is built in a temporary folder beside the target (same file system), with the
files the user added to the old tree copied across, and then swapped in with two renames.
A manifest of generated files tells, next time, which files are ours to replace or delete;
those whose bytes did not change are hard-linked into the new tree rather than written again.
If anything fails before the swap, the old tree is left exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

MANIFEST = ".sdkgen-manifest.json"


class WriteError(Exception):
    pass


def read_manifest(out: Path) -> set[str] | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return set(data["files"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WriteError(f"{out / MANIFEST}: unreadable manifest ({exc}); delete it to regenerate from scratch") from None


def manifest_text(files: Iterable[str], generator: str) -> str:
    return json.dumps({"generator": generator, "files": sorted(files)}, indent=2) + "\n"


def _safe_relative(path: str) -> str:
    p = Path(path)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise WriteError(f"refusing to write {path!r}: outside the output folder")
    return p.as_posix()


def existing_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() or p.is_symlink()}


def _link_if_unchanged(old: Path, new: Path, data: bytes) -> bool:
    """Hard-link a file the generator wrote last time into the new tree when its bytes are
    unchanged. A regeneration then creates inodes only for what changed, keeps the mtimes of
    what did not (incremental builds and watchers see only real changes), and removing the old
    tree frees almost nothing: ext4 is several times slower to create thousands of files within
    minutes of freeing thousands (it avoids reusing recently freed inodes)."""
    try:
        if old.is_symlink() or not old.is_file() or old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, new)
    except OSError:  # no hard links on this file system, or the file went away: write it
        return False
    return True


@dataclass
class PreparedTree:
    """A new output tree written beside ``out``, not yet swapped in."""

    out: Path
    tmp: Path

    def commit(self) -> None:
        """Swap the new tree in with two renames; the old one is removed only after that."""
        backup = self.out.parent / f".{self.out.name}.sdkgen-old-{os.getpid()}"
        if self.out.exists():
            os.rename(self.out, backup)
        try:
            os.rename(self.tmp, self.out)
        except BaseException:
            if backup.exists():
                os.rename(backup, self.out)
            self.discard()
            raise
        shutil.rmtree(backup, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


class TreeBuilder:
    """A new output tree being written beside ``out``, one file at a time, with the user's files
    copied across first. ``finish()`` gives the PreparedTree to swap in; ``discard()`` drops it."""

    def __init__(self, out: Path, generator: str) -> None:
        self.out = out.resolve()
        if self.out.exists() and not self.out.is_dir():
            raise WriteError(f"{self.out} exists and is not a folder")
        previous = read_manifest(self.out)
        self.ours = previous if previous is not None else set()
        self.user_files = existing_files(self.out) - self.ours - {MANIFEST}
        self.generator = generator
        self.paths: dict[str, None] = {}  # claimed so far, in order, each once
        self._folders: set[Path] = set()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.sdkgen-", dir=self.out.parent))
        try:
            for rel in sorted(self.user_files):
                dest = self.tmp / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.out / rel, dest, follow_symlinks=False)
        except BaseException:
            self.discard()
            raise

    def refuse_clashes(self, paths: Iterable[str]) -> None:
        clash = sorted(f for f in paths if f in self.user_files)
        if clash:
            raise WriteError(
                f"{self.out}: {len(clash)} file(s) not written by sdkgen would be overwritten, e.g. {clash[0]}; "
                "move them away or generate into another folder"
            )

    def claim(self, rel: str) -> str:
        """Check one path before it is written (inside the folder, not a user's file) and record it."""
        rel = _safe_relative(rel)
        self.refuse_clashes([rel])
        self.paths[rel] = None
        return rel

    def put(self, rel: str, text: str) -> None:
        """Write one claimed file: a hard link to the old one when unchanged, else its bytes."""
        dest = self.tmp / rel
        if dest.parent not in self._folders:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(dest.parent)
        data = text.encode("utf-8")
        if not (rel in self.ours and _link_if_unchanged(self.out / rel, dest, data)):
            dest.write_bytes(data)

    def add(self, rel: str, text: str) -> None:
        self.put(self.claim(rel), text)

    def finish(self) -> PreparedTree:
        try:
            (self.tmp / MANIFEST).write_text(manifest_text(self.paths, self.generator), encoding="utf-8", newline="\n")
            os.chmod(self.tmp, 0o755)
        except BaseException:
            self.discard()
            raise
        return PreparedTree(self.out, self.tmp)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def prepare_tree(out: Path, files: dict[str, str], generator: str) -> PreparedTree:
    """Write the new tree (the user's files copied across) into a temporary folder beside ``out``."""
    files = {_safe_relative(k): v for k, v in files.items()}
    builder = TreeBuilder(out, generator)
    try:
        builder.refuse_clashes(files)
        for rel, text in files.items():
            builder.add(rel, text)
    except BaseException:
        builder.discard()
        raise
    return builder.finish()


def write_tree(out: Path, files: dict[str, str], generator: str) -> None:
    prepare_tree(out, files, generator).commit()


class ForkedWriter:
    """Put a TreeBuilder's files on disk in a forked process while this one renders the next.

    Creating thousands of files is mostly kernel time, which a thread cannot overlap with
    rendering here (it needs the GIL between system calls, and the rendering thread holds it).
    Paths are claimed (checked) in this process, so a bad path fails at once; a write error in
    the child is raised by ``finish()``.
    """

    BATCH = 64

    def __init__(self, builder: TreeBuilder) -> None:
        import multiprocessing

        self.builder = builder
        self._batch: list[tuple[str, str]] = []
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_write_in_child, args=(builder, child), daemon=True)
        self._proc.start()
        child.close()

    def add(self, rel: str, text: str) -> None:
        self._batch.append((self.builder.claim(rel), text))
        if len(self._batch) >= self.BATCH:
            self._conn.send(self._batch)
            self._batch = []

    def finish(self) -> PreparedTree:
        try:
            if self._batch:
                self._conn.send(self._batch)
            self._conn.send(None)
            failure = self._conn.recv()
        except (EOFError, OSError):
            failure = ("os", None, "the writer process died", None)
        self._proc.join()
        if failure is not None:
            self.builder.discard()
            kind, number, message, filename = failure
            if kind == "internal":
                raise RuntimeError(f"writing {self.builder.tmp}: {message}")
            raise WriteError(message) if kind == "write" else OSError(number, message, filename)
        return self.builder.finish()

    def discard(self) -> None:
        self._proc.terminate()
        self._proc.join()
        self.builder.discard()


def _write_in_child(builder: TreeBuilder, conn: Any) -> None:
    failure = None
    while True:
        batch = conn.recv()
        if batch is None:
            break
        if failure is not None:
            continue  # keep reading, or the parent blocks on a full pipe
        try:
            for rel, text in batch:
                builder.put(rel, text)
        except WriteError as exc:
            failure = ("write", None, str(exc), None)
        except OSError as exc:
            failure = ("os", exc.errno, exc.strerror or str(exc), exc.filename)
        except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
            failure = ("internal", None, f"{type(exc).__name__}: {exc}", None)
    conn.send(failure)
    conn.close()
