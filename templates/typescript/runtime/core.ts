/**
 * The HTTP client that generated API clients extend: request building, retries,
 * timeouts, idempotency keys and logging. Resources describe each operation as
 * an `Endpoint` and hand over the caller's params; nothing else is generated.
 */

import { APIPromise, type WithResponse } from "./api-promise.js";
import type { Auth } from "./auth.js";
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  makeStatusError,
  type ErrorCodeTable,
} from "./errors.js";
import { Page, PagePromise, type PaginationSpec } from "./pagination.js";
import { retryDelay, shouldRetry } from "./retries.js";
import { formBody, jsonBody, multipartBody, queryPairs, styledArray, type ArrayStyle } from "./serialize.js";

// What generated resources need, from one place.
export { APIPromise } from "./api-promise.js";
export { PagePromise } from "./pagination.js";
export { pathParam, type Uploadable } from "./serialize.js";

/** The platform `fetch`, or anything with its shape (a test double, a proxying fetch). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Where the client reports requests and retries; lines never include headers or bodies. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
}

/** Per-request options, the last argument of every method. */
export interface RequestOptions {
  /** Extra headers; `null` removes a default one. */
  headers?: Record<string, string | null | undefined> | undefined;
  /** Extra query parameters. */
  query?: Record<string, unknown> | undefined;
  /** Milliseconds before one attempt is abandoned (and retried). */
  timeout?: number | undefined;
  /** Sent as the idempotency header instead of a generated key. */
  idempotencyKey?: string | undefined;
  signal?: AbortSignal | undefined;
  maxRetries?: number | undefined;
}

/** One operation, as a generated resource method describes it. */
export interface Endpoint {
  method: string;
  path: string;
  /** Keys of the params that go in the query string (their wire names unless renamed). */
  query?: readonly string[];
  /** Keys of the params that go in headers (their wire names unless renamed). */
  headers?: readonly string[];
  /** Params keys that are not their wire name (a name used in two places), with that name. */
  wireNames?: Readonly<Record<string, string>>;
  /** Query arrays not sent by repeating their key (the spec's `style` / `explode`), by wire name. */
  arrayStyles?: Readonly<Record<string, ArrayStyle>>;
  /** How the body is encoded: the params left after query and headers, or the body argument. */
  body?: "json" | "multipart" | "form" | "raw";
  /** The body is the method's `body` argument, not fields of its params. */
  whole?: boolean;
  /** Content-Type of a raw body (bytes or text sent as they are). */
  contentType?: string;
  response?: "json" | "none" | "binary";
  pagination?: PaginationSpec;
}

export interface ClientConfig {
  baseURL: string;
  auth: Auth;
  timeout: number;
  maxRetries: number;
  fetch: Fetch | undefined;
  defaultHeaders: Record<string, string> | undefined;
  logger: Logger | undefined;
  userAgent: string;
  idempotencyHeader: string;
  errorCodes: ErrorCodeTable;
}

interface Parts {
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

export class APIClient {
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  // Private fields: a logged or inspected client shows none of these.
  readonly #auth: Auth;
  readonly #fetch: Fetch;
  readonly #defaultHeaders: Record<string, string>;
  readonly #logger: Logger | undefined;
  readonly #userAgent: string;
  readonly #idempotencyHeader: string;
  readonly #errorCodes: ErrorCodeTable;

  constructor(config: ClientConfig) {
    this.baseURL = config.baseURL.replace(/\/+$/, "");
    this.timeout = config.timeout;
    this.maxRetries = config.maxRetries;
    this.#auth = config.auth;
    this.#fetch = config.fetch ?? ((url, init) => fetch(url, init));
    this.#defaultHeaders = { ...config.defaultHeaders };
    this.#logger = config.logger;
    this.#userAgent = config.userAgent;
    this.#idempotencyHeader = config.idempotencyHeader;
    this.#errorCodes = config.errorCodes;
  }

  /** Send one request and parse its response. */
  request<T>(endpoint: Endpoint, params?: object, options?: RequestOptions, body?: unknown): APIPromise<T> {
    const parts = split(endpoint, params, options, body);
    return new APIPromise<T>(this.#send(endpoint, parts, options) as Promise<WithResponse<T>>);
  }

  /** Fetch the first page of a list; iterating it fetches the rest. */
  requestPage<T>(endpoint: Endpoint, params?: object, options?: RequestOptions, body?: unknown): PagePromise<T> {
    const parts = split(endpoint, params, options, body);
    const pagination = endpoint.pagination ?? { style: "offset" };
    const fetchPage = async (query: Record<string, unknown>): Promise<WithResponse<Page<T>>> => {
      // A caller's idempotency key belongs to the first request only.
      const next = query === parts.query ? options : { ...options, idempotencyKey: undefined };
      const { data, response } = await this.#send(endpoint, { ...parts, query }, next);
      return { data: new Page<T>(data, query, pagination, fetchPage), response };
    };
    return new PagePromise<T>(fetchPage(parts.query));
  }

  async #send(endpoint: Endpoint, parts: Parts, options: RequestOptions | undefined): Promise<WithResponse<unknown>> {
    const method = endpoint.method.toUpperCase();
    const url = this.#url(endpoint.path, parts.query);
    // Built once, before the first attempt: every retry carries the same idempotency key.
    const accept = endpoint.response === "binary" ? "*/*" : "application/json";
    const headers = this.#headers(method, accept, parts.headers, options);
    const body = encodeBody(endpoint, parts.body, headers);
    const maxRetries = options?.maxRetries ?? this.maxRetries;
    const timeout = options?.timeout ?? this.timeout;
    const binary = endpoint.response === "binary";
    for (let attempt = 0; ; attempt++) {
      let outcome: { response: Response; content: string | ArrayBuffer };
      const started = Date.now();
      try {
        outcome = await this.#attempt(url, { method, headers, body: body ?? null }, timeout, options?.signal, binary);
      } catch (error) {
        if (error instanceof APIConnectionError && attempt < maxRetries) {
          await this.#wait(method, url, attempt, maxRetries, undefined, error.name);
          continue;
        }
        throw error;
      }
      const { response, content } = outcome;
      this.#logger?.debug(`HTTP ${method} ${url} -> ${response.status} (${Date.now() - started} ms)`);
      if (response.ok) {
        return { data: parse(content, endpoint.response ?? "json"), response };
      }
      if (attempt < maxRetries && shouldRetry(response.status, response.headers)) {
        await this.#wait(method, url, attempt, maxRetries, response.headers, `status ${response.status}`);
        continue;
      }
      const text = typeof content === "string" ? content : "";
      throw makeStatusError(response.status, response.statusText, text, response.headers, this.#errorCodes);
    }
  }

  /** One attempt: the response with its body read, or an APIError for a transport failure. */
  async #attempt(
    url: string,
    init: RequestInit,
    timeout: number,
    signal: AbortSignal | undefined,
    binary: boolean,
  ): Promise<{ response: Response; content: string | ArrayBuffer }> {
    if (signal?.aborted) throw new APIUserAbortError();
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    signal?.addEventListener("abort", abort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    try {
      const response = await this.#fetch(url, { ...init, signal: controller.signal });
      const content = binary && response.ok ? await response.arrayBuffer() : await response.text();
      return { response, content };
    } catch (cause) {
      if (signal?.aborted) throw new APIUserAbortError();
      // The cause has the details; our message stays generic so it cannot echo anything sensitive.
      if (timedOut) throw new APITimeoutError({ cause });
      throw new APIConnectionError(`Connection error (${cause instanceof Error ? cause.name : "unknown"}).`, { cause });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  }

  async #wait(
    method: string,
    url: string,
    attempt: number,
    maxRetries: number,
    headers: Headers | undefined,
    reason: string,
  ): Promise<void> {
    const delay = retryDelay(attempt, maxRetries, headers);
    this.#logger?.info(
      `Retrying ${method} ${url} in ${delay.toFixed(2)}s (retry ${attempt + 1} of ${maxRetries}): ${reason}`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay * 1000));
  }

  #url(path: string, query: Record<string, unknown>): string {
    // Path parameters are already percent-encoded by the resource.
    const base = /^https?:\/\//.test(path) ? path : `${this.baseURL}/${path.replace(/^\/+/, "")}`;
    const search = new URLSearchParams(queryPairs(query)).toString();
    return search === "" ? base : `${base}${base.includes("?") ? "&" : "?"}${search}`;
  }

  #headers(
    method: string,
    accept: string,
    operation: Record<string, unknown>,
    options: RequestOptions | undefined,
  ): Headers {
    // Later sources win: defaults < auth < idempotency < operation < options.headers.
    const headers = new Headers({ Accept: accept, "User-Agent": this.#userAgent });
    for (const [name, value] of Object.entries(this.#defaultHeaders)) headers.set(name, value);
    for (const [name, value] of Object.entries(this.#auth.headers())) headers.set(name, value);
    if (options?.idempotencyKey !== undefined) {
      headers.set(this.#idempotencyHeader, options.idempotencyKey);
    } else if (method === "POST") {
      // So a POST that timed out after the server acted is not applied twice.
      headers.set(this.#idempotencyHeader, uuid4());
    }
    for (const [name, value] of Object.entries(operation)) {
      if (value !== undefined && value !== null) headers.set(name, String(value));
    }
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      if (value === null) headers.delete(name);
      else if (value !== undefined) headers.set(name, value);
    }
    return headers;
  }
}

/** Route each param to the query, the headers or the body by its wire name (a whole body is given). */
function split(endpoint: Endpoint, params: object | undefined, options: RequestOptions | undefined, whole: unknown): Parts {
  const fields: Record<string, unknown> = {};
  const parts: Parts = { query: {}, headers: {}, body: endpoint.whole === true ? whole : fields };
  const inQuery = new Set(endpoint.query ?? []);
  const inHeaders = new Set(endpoint.headers ?? []);
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    const wire = endpoint.wireNames !== undefined && Object.hasOwn(endpoint.wireNames, key) ? endpoint.wireNames[key] ?? key : key;
    const style = endpoint.arrayStyles?.[wire];
    if (inQuery.has(key) && style !== undefined && Array.isArray(value)) Object.assign(parts.query, styledArray(wire, value, style));
    else if (inQuery.has(key)) parts.query[wire] = value;
    else if (inHeaders.has(key)) parts.headers[wire] = value;
    else fields[key] = value;
  }
  parts.query = { ...parts.query, ...options?.query };
  return parts;
}

function encodeBody(endpoint: Endpoint, body: unknown, headers: Headers): BodyInit | undefined {
  // An optional whole body left out sends nothing.
  if (endpoint.body === undefined || (endpoint.whole === true && body === undefined)) return undefined;
  switch (endpoint.body) {
    case "raw":
      if (!headers.has("Content-Type") && endpoint.contentType !== undefined) {
        headers.set("Content-Type", endpoint.contentType);
      }
      return body as BodyInit;
    case "multipart":
      // fetch sets the multipart Content-Type, boundary included.
      return multipartBody(body as Record<string, unknown>);
    case "form":
      return formBody(body as Record<string, unknown>);
    default:
      if (body === undefined) return undefined;
      if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
      return jsonBody(body);
  }
}

function parse(content: string | ArrayBuffer, kind: NonNullable<Endpoint["response"]>): unknown {
  if (kind === "none") return undefined;
  if (typeof content !== "string") return content;
  if (content === "") return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

function uuid4(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (webCrypto?.randomUUID !== undefined) return webCrypto.randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What generated resources extend: a handle on the client. */
export class APIResource {
  protected readonly _client: APIClient;

  constructor(client: APIClient) {
    this._client = client;
  }
}
