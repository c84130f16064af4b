"""The SDK contract's error hierarchy (../shared/DESIGN.md), the same in every SDK target: which
error class an HTTP status raises. Targets spell the classes in their language's idiom; the
names themselves are part of the contract."""

from __future__ import annotations

from typing import Callable, Collection, Iterable

from ..normalise.words import pascal, words

STATUS_ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def status_error_class(status: int) -> str:
    """The class an error response with ``status`` raises (its nearest base for other statuses)."""
    return STATUS_ERROR_CLASSES.get(status, "InternalServerError" if status >= 500 else "APIStatusError")


def error_class_names(codes: Iterable[str], spell: Callable[[str], str], reserved: Collection[str]) -> dict[str, str]:
    """One exception class per API error code, in order: ``PRODUCT_NOT_ENABLED`` →
    ``ProductNotEnabledError``, spelled by the target (``spell``). A name that is reserved or
    another code's gets ``Code`` added (``NOT_FOUND`` → ``NotFoundCodeError``), so no code is lost."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for code in codes:
        if code in out:
            continue
        stem = pascal(words(code))
        name = spell(stem + "Error")
        while name in reserved or name in taken:
            stem += "Code"
            name = spell(stem + "Error")
        taken.add(name)
        out[code] = name
    return out
