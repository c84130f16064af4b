"""Retry policy as pure functions, so it can be tested without a network."""

from __future__ import annotations

import email.utils
import random
import time

import httpx

__all__ = ["retry_delay", "should_retry"]

INITIAL_DELAY = 0.5  # seconds before the first retry
MAX_DELAY = 8.0  # cap of the exponential backoff
MAX_RETRY_AFTER = 60.0  # longer server hints are ignored: better to fail than hang


def should_retry(status_code: int, headers: httpx.Headers | None = None) -> bool:
    """Whether a response with this status is worth retrying.

    An explicit `x-should-retry: true|false` from the server wins; otherwise
    retry timeouts (408), lock conflicts (409), rate limits (429) and 5xx.
    """
    hint = (
        headers.get("x-should-retry", "").strip().lower() if headers is not None else ""
    )
    if hint == "true":
        return True
    if hint == "false":
        return False
    return status_code in (408, 409, 429) or status_code >= 500


def retry_delay(attempt: int, max_retries: int, headers: httpx.Headers | None) -> float:
    """Seconds to wait before retry number `attempt` (0 for the first retry).

    A server hint (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP
    date) between 0 and 60 s is obeyed as is. Otherwise: exponential backoff
    from 0.5 s, capped at 8 s, times a random factor in [0.75, 1] so that many
    clients failing together do not retry in lockstep. (`attempt` is clamped
    to `max_retries`, which only matters for out-of-range input.)
    """
    hinted = _server_delay(headers)
    if hinted is not None and 0 <= hinted <= MAX_RETRY_AFTER:
        return hinted
    exponent = min(max(attempt, 0), max(max_retries, 0))
    backoff = min(INITIAL_DELAY * 2.0**exponent, MAX_DELAY)
    return backoff * random.uniform(0.75, 1.0)


def _server_delay(headers: httpx.Headers | None) -> float | None:
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return float(email.utils.mktime_tz(parsed) - time.time())
