"""The SDK contract's error hierarchy (../shared/DESIGN.md), the same in every SDK target: which
error class an HTTP status raises. Targets spell the classes in their language's idiom; the
names themselves are part of the contract."""

from __future__ import annotations

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
