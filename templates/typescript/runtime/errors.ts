/**
 * Errors thrown by the client.
 *
 *     APIError
 *     ├── APIConnectionError          the request never got a response
 *     │   └── APITimeoutError
 *     ├── APIUserAbortError           the caller's AbortSignal fired
 *     └── APIStatusError              the server answered 4xx/5xx
 *         ├── BadRequestError (400), AuthenticationError (401),
 *         ├── PermissionDeniedError (403), NotFoundError (404), ConflictError (409),
 *         ├── UnprocessableEntityError (422), RateLimitError (429)
 *         └── InternalServerError (>= 500)
 *
 * API-specific errors (matched on status *and* error code) subclass one of these,
 * so `instanceof PermissionDeniedError` still catches them. Messages carry the
 * server's words only, never request headers, so credentials cannot leak.
 */

export class APIError extends Error {
  override readonly name: string = "APIError";
}

export class APIConnectionError extends APIError {
  override readonly name: string = "APIConnectionError";

  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class APITimeoutError extends APIConnectionError {
  override readonly name: string = "APITimeoutError";

  constructor(options?: { cause?: unknown }) {
    super("Request timed out.", options);
  }
}

export class APIUserAbortError extends APIError {
  override readonly name: string = "APIUserAbortError";

  constructor() {
    super("Request was aborted.");
  }
}

/** What the error body says, from any of the shapes `makeStatusError` understands. */
export interface ErrorFields {
  message: string;
  type: string | undefined;
  code: string | undefined;
  param: string | undefined;
}

export class APIStatusError extends APIError {
  override readonly name: string = "APIStatusError";
  readonly status: number;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;
  /** The parsed JSON body, or its text when it is not JSON. */
  readonly body: unknown;
  readonly headers: Headers;
  readonly requestId: string | undefined;

  constructor(status: number, fields: ErrorFields, body: unknown, headers: Headers) {
    super(fields.message);
    this.status = status;
    this.type = fields.type;
    this.code = fields.code;
    this.param = fields.param;
    this.body = body;
    this.headers = headers;
    this.requestId = headers.get("x-request-id") ?? headers.get("request-id") ?? undefined;
  }
}

export class BadRequestError extends APIStatusError {
  override readonly name: string = "BadRequestError";
}

export class AuthenticationError extends APIStatusError {
  override readonly name: string = "AuthenticationError";
}

export class PermissionDeniedError extends APIStatusError {
  override readonly name: string = "PermissionDeniedError";
}

export class NotFoundError extends APIStatusError {
  override readonly name: string = "NotFoundError";
}

export class ConflictError extends APIStatusError {
  override readonly name: string = "ConflictError";
}

export class UnprocessableEntityError extends APIStatusError {
  override readonly name: string = "UnprocessableEntityError";
}

export class RateLimitError extends APIStatusError {
  override readonly name: string = "RateLimitError";
}

export class InternalServerError extends APIStatusError {
  override readonly name: string = "InternalServerError";
}

export type StatusErrorClass = new (
  status: number,
  fields: ErrorFields,
  body: unknown,
  headers: Headers,
) => APIStatusError;

/** API-specific errors: [HTTP status, error code, class]. */
export type ErrorCodeTable = ReadonlyArray<readonly [number, string, StatusErrorClass]>;

const BY_STATUS: Record<number, StatusErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

// Bodies can be whole HTML error pages; keep messages readable.
const MAX_MESSAGE_CHARS = 500;

/**
 * The most specific error for a 4xx/5xx response whose body is `text`.
 *
 * Understands the standard envelope `{"error": {"type", "code", "message",
 * "param"}}`, the legacy flat `{"status": "error", "code", "message"}`, a bare
 * `{"message": ...}` and non-JSON text.
 */
export function makeStatusError(
  status: number,
  statusText: string,
  text: string,
  headers: Headers,
  table: ErrorCodeTable,
): APIStatusError {
  const body = decode(text);
  let fields: Record<string, unknown> = {};
  if (isObject(body)) {
    const inner = body["error"];
    if (isObject(inner)) {
      fields = inner;
    } else if (typeof inner === "string") {
      fields = { ...body, message: inner };
    } else {
      fields = body;
    }
  }
  const code = asText(fields["code"]);
  let message = asText(fields["message"]);
  if (message === undefined) {
    message =
      typeof body === "string" && body.trim() !== ""
        ? body.trim().slice(0, MAX_MESSAGE_CHARS)
        : statusText || "Unknown error";
  }
  const special = table.find(([s, c]) => s === status && c === code);
  const cls: StatusErrorClass =
    special?.[2] ?? (status >= 500 ? InternalServerError : (BY_STATUS[status] ?? APIStatusError));
  const parsed = { message, code, type: asText(fields["type"]), param: asText(fields["param"]) };
  return new cls(status, parsed, body, headers);
}

function decode(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Codes are usually strings but some APIs send numbers.
function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}
