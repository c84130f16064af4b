"""Whether this process may fork a worker: the YAML halves, the validator and the tree writer ask.

Fork shares the parsed spec and the IR with the worker without copying or pickling them. It is
unavailable on some platforms, refused inside a daemonic process (a multiprocessing pool's
worker, say), and turned off with SDKGEN_NO_FORK=1; the work then runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os


def can_fork() -> bool:
    return (
        not os.environ.get("SDKGEN_NO_FORK")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )
