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


def manifest_text(files: dict[str, str], generator: str) -> str:
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


def prepare_tree(out: Path, files: dict[str, str], generator: str) -> PreparedTree:
    """Write the new tree (the user's files copied across) into a temporary folder beside ``out``."""
    files = {_safe_relative(k): v for k, v in files.items()}
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise WriteError(f"{out} exists and is not a folder")
    previous = read_manifest(out)
    current = existing_files(out)
    ours = previous if previous is not None else set()
    user_files = current - ours - {MANIFEST}
    clash = sorted(f for f in user_files if f in files)
    if clash:
        raise WriteError(
            f"{out}: {len(clash)} file(s) not written by sdkgen would be overwritten, e.g. {clash[0]}; "
            "move them away or generate into another folder"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.sdkgen-", dir=out.parent))
    try:
        for rel in sorted(user_files):
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(out / rel, dest, follow_symlinks=False)
        for folder in sorted({(tmp / rel).parent for rel in files}):
            folder.mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            data = text.encode("utf-8")
            if not (rel in ours and _link_if_unchanged(out / rel, tmp / rel, data)):
                (tmp / rel).write_bytes(data)
        (tmp / MANIFEST).write_text(manifest_text(files, generator), encoding="utf-8", newline="\n")
        os.chmod(tmp, 0o755)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PreparedTree(out, tmp)


def write_tree(out: Path, files: dict[str, str], generator: str) -> None:
    prepare_tree(out, files, generator).commit()
