"""Run a Prism mock server for a spec during tests.

Usage::

    from support.prism import run_prism

    with run_prism(Path("specs/bluum/openapi.yaml")) as base_url:
        httpx.get(f"{base_url}/investors", auth=("key", "secret"))

Prism comes from ``tools/node_modules`` (pinned in ``tools/package.json``;
``scripts/install-test-deps`` installs it). ``ensure_prism`` runs ``npm ci`` there
when it is missing.

Prism 5.14.2 reads the Bluum spec as written, including the discriminator whose
``mapping`` values are ``{$ref: ...}`` objects instead of strings (it ignores
``discriminator`` and validates with ``oneOf``), and it follows the relative
``shared-schemas.yaml#/...`` references. So no rewritten copy of the spec is needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools"
PRISM = TOOLS / "node_modules" / ".bin" / "prism"

STARTUP_TIMEOUT = 60.0  # seconds to wait for Prism to answer
STOP_TIMEOUT = 10.0  # seconds to wait after SIGTERM before SIGKILL


class PrismError(RuntimeError):
    """Prism could not be installed or started."""


def ensure_prism() -> Path:
    """Return the Prism executable, installing the Node tools with ``npm ci`` if needed."""
    if PRISM.is_file() and os.access(PRISM, os.X_OK):
        return PRISM
    npm = shutil.which("npm")
    if npm is None:
        raise PrismError(
            f"Prism is not installed ({PRISM} is missing) and npm is not on PATH. "
            "Install Node.js 20 with npm, then run scripts/install-test-deps."
        )
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=TOOLS,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if proc.returncode != 0:
        raise PrismError(f"`npm ci` in {TOOLS} failed (exit {proc.returncode}):\n{proc.stdout}")
    if not PRISM.is_file():
        raise PrismError(f"`npm ci` in {TOOLS} succeeded but {PRISM} still does not exist.")
    return PRISM


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(base_url: str) -> bool:
    """True once anything answers HTTP at base_url (Prism replies 404 to an unknown path)."""
    try:
        with urllib.request.urlopen(f"{base_url}/__prism_ready_probe__", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    """Terminate Prism's process group (Prism runs node children), then reap it."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=STOP_TIMEOUT)


@contextmanager
def run_prism(
    spec: Path, *, errors: bool = True, timeout: float = STARTUP_TIMEOUT
) -> Iterator[str]:
    """Start ``prism mock SPEC`` on a free local port and yield its base URL.

    With ``errors=True`` Prism is started with ``--errors``: a request that breaks the
    spec gets a 4xx answer (the spec's 422/400/401 response if declared, otherwise a
    generated 422) instead of a 2xx with an ``sl-violations`` header.

    Prism's output goes to a temporary log file (not a pipe that could fill up); it is
    included in the error if Prism exits early or does not answer within ``timeout``
    seconds. The process group is always terminated on exit.
    """
    prism = ensure_prism()
    spec = Path(spec).resolve()
    if not spec.is_file():
        raise PrismError(f"spec not found: {spec}")
    with tempfile.TemporaryDirectory(prefix="prism-") as tmp:
        log_path = Path(tmp) / "prism.log"
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        cmd = [str(prism), "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)]
        if errors:
            cmd.append("--errors")
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=spec.parent,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group, so we can stop all of it
            )
        try:
            deadline = time.monotonic() + timeout
            while not _answers(base_url):
                if proc.poll() is not None:
                    raise PrismError(
                        f"Prism exited with code {proc.returncode} before answering.\n"
                        f"Command: {' '.join(cmd)}\n--- Prism output ---\n"
                        + log_path.read_text(errors="replace")
                    )
                if time.monotonic() > deadline:
                    raise PrismError(
                        f"Prism did not answer on {base_url} within {timeout:.0f} s.\n"
                        f"Command: {' '.join(cmd)}\n--- Prism output ---\n"
                        + log_path.read_text(errors="replace")
                    )
                time.sleep(0.25)
            yield base_url
        finally:
            _stop(proc)
