// Behaviour of the generated Bluum SDK (generated/typescript) through an injected fetch.
// Each test states one line of the SDK contract (DESIGN.md, issue #7), mirroring tests/test_python_sdk.py.

import { deepStrictEqual, doesNotMatch, match, ok, strictEqual, throws } from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";

import {
  APIConnectionError,
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  BadRequestError,
  Bluum,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  ProductNotEnabledError,
  type ClientOptions,
  type Fetch,
} from "../../generated/typescript/src/index.js";
import { json, recorder, rejection, respond, type Reply, type Sent } from "./mock-fetch.js";

const SECRET = "sk_live_TOPSECRET_value";
const FS = { object: "funding_source", livemode: false, id: "fs_1", type: "plaid", status: "active", bank_name: "Chase" };
const ERR_404 = { error: { type: "not_found_error", code: "BLUM-404-001", message: "Investor not found." } };
const LIST_URL = "/v1/investors/inv_1/funding-sources";

function client(fetch: Fetch, options: ClientOptions = {}): Bluum {
  return new Bluum({ apiKey: "key_1", apiSecret: SECRET, fetch, ...options });
}

function script(...replies: Reply[]): { seen: Sent[]; bluum: Bluum } {
  const { seen, fetch } = recorder(...replies);
  return { seen, bluum: client(fetch) };
}

// -- construction and auth ------------------------------------------------------------------

test("missing credentials fail at construction", () => {
  const saved = [process.env["BLUUM_API_KEY"], process.env["BLUUM_API_SECRET"]];
  delete process.env["BLUUM_API_KEY"];
  delete process.env["BLUUM_API_SECRET"];
  try {
    let message = "";
    try {
      new Bluum();
    } catch (error) {
      message = String(error);
    }
    match(message, /BLUUM_API_KEY/);
  } finally {
    if (saved[0] !== undefined) process.env["BLUUM_API_KEY"] = saved[0];
    if (saved[1] !== undefined) process.env["BLUUM_API_SECRET"] = saved[1];
  }
});

test("credentials come from the environment and are sent as HTTP Basic", async () => {
  process.env["BLUUM_API_KEY"] = "env_key";
  process.env["BLUUM_API_SECRET"] = "env_secret";
  try {
    const { seen, fetch } = recorder({ status: 200, body: { object: "list", url: LIST_URL, has_more: false, data: [] } });
    await new Bluum({ fetch }).fundingSources.list("inv_1");
    strictEqual(seen[0]?.headers.get("authorization"), `Basic ${btoa("env_key:env_secret")}`);
  } finally {
    delete process.env["BLUUM_API_KEY"];
    delete process.env["BLUUM_API_SECRET"];
  }
});

test("environments come from the spec's servers; baseURL overrides them", async () => {
  const sandbox = recorder({ status: 201, body: FS });
  await client(sandbox.fetch, { environment: "sandbox" }).fundingSources.connect("inv_1", {
    type: "manual", bank_name: "b", account_holder_name: "h", account_number: "1234",
  });
  ok(sandbox.seen[0]?.url.href.startsWith("https://sandbox.api.bluumfinance.com/v1/investors/inv_1/"));
  const local = recorder({ status: 201, body: FS });
  await client(local.fetch, { baseURL: "http://localhost:9/v1/" }).fundingSources.connect("inv_1", { type: "plaid", public_token: "p" });
  strictEqual(local.seen[0]?.url.href, "http://localhost:9/v1/investors/inv_1/funding-sources/connect");
});

test("an unknown environment fails at construction", () => {
  const options = { apiKey: "k", apiSecret: "s", environment: "toString" } as unknown as ClientOptions;
  throws(() => new Bluum(options), /Unknown environment "toString"; expected one of production, sandbox/);
});

test("the secret never appears in the client, errors or log lines", async () => {
  const lines: string[] = [];
  const logger = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m) };
  const { fetch } = recorder({ status: 503 }, { status: 404, body: ERR_404 });
  const bluum = client(fetch, { logger });
  const error = await rejection(bluum.fundingSources.list("inv_1"));
  ok(error instanceof NotFoundError);
  const token = btoa(`key_1:${SECRET}`);
  const texts = [inspect(bluum, { depth: 5, showHidden: true }), String(error), inspect(error, { depth: 5 }), lines.join("\n")];
  for (const text of texts) {
    doesNotMatch(text, new RegExp(SECRET));
    doesNotMatch(text, new RegExp(token.replace(/[+/=]/g, ".")));
  }
  strictEqual(lines.length, 3, lines.join("\n")); // two responses and one retry were logged
});

// -- requests ---------------------------------------------------------------------------------

test("connect (plaid) returns a typed list of funding sources", async () => {
  const { seen, bluum } = script({ status: 201, body: { object: "list", url: LIST_URL, has_more: false, data: [FS, { ...FS, id: "fs_2" }] } });
  const result = await bluum.fundingSources.connect("inv_1", { type: "plaid", public_token: "public-sandbox-1" });
  ok("data" in result, "a list envelope");
  deepStrictEqual(result.data.map((fs) => fs.id), ["fs_1", "fs_2"]);
  strictEqual(result.has_more, false);
  strictEqual(seen[0]?.method, "POST");
  deepStrictEqual(json(seen[0]), { type: "plaid", public_token: "public-sandbox-1" });
});

test("connect (manual) returns one funding source", async () => {
  const { bluum } = script({ status: 201, body: { ...FS, type: "manual" } });
  const result = await bluum.fundingSources.connect("inv_1", {
    type: "manual", bank_name: "Chase", account_holder_name: "Jane", account_number: "000123456789",
  });
  ok(!("data" in result), "a single resource");
  strictEqual(result.object, "funding_source");
  strictEqual(result.type, "manual");
});

test("an unknown enum value and an unknown field are kept", async () => {
  const { bluum } = script({ status: 201, body: { ...FS, status: "frozen", risk_score: 7 } });
  const result = await bluum.fundingSources.connect("inv_1", { type: "plaid", public_token: "p" });
  ok(!("data" in result));
  strictEqual(result.status, "frozen");
  strictEqual((result as unknown as Record<string, unknown>)["risk_score"], 7);
});

test("an omitted optional field is not sent; null is sent as null", async () => {
  const { seen, bluum } = script({ status: 201, body: FS });
  const manual = { type: "manual", bank_name: "b", account_holder_name: "h", account_number: "1234" } as const;
  await bluum.fundingSources.connect("inv_1", manual);
  ok(!("routing_number" in (json(seen[0]) as object)));
  await bluum.fundingSources.connect("inv_1", { ...manual, routing_number: null as unknown as string });
  strictEqual((json(seen[1]) as Record<string, unknown>)["routing_number"], null);
});

test("path params are percent-encoded and empty ones rejected", async () => {
  const { seen, bluum } = script({ status: 201, body: FS });
  await bluum.fundingSources.connect("inv/../x", { type: "plaid", public_token: "p" });
  ok(seen[0]?.url.pathname.startsWith("/v1/investors/inv%2F..%2Fx/"), seen[0]?.url.pathname);
  // A programming error, so it throws at the call site before anything is sent.
  throws(() => bluum.fundingSources.connect("", { type: "plaid", public_token: "p" }), /investor_id/);
  strictEqual(seen.length, 1);
});

test("per-request options reach the wire", async () => {
  const { seen, bluum } = script({ status: 201, body: FS });
  await bluum.fundingSources.connect(
    "inv_1",
    { type: "plaid", public_token: "p" },
    { headers: { "X-Trace": "t1" }, query: { debug: "1" }, idempotencyKey: "idem-1" },
  );
  strictEqual(seen[0]?.headers.get("x-trace"), "t1");
  strictEqual(seen[0]?.url.searchParams.get("debug"), "1");
  strictEqual(seen[0]?.headers.get("idempotency-key"), "idem-1");
  strictEqual(seen[0]?.headers.get("content-type"), "application/json");
});

test("query params go to the query string under their wire names", async () => {
  const { seen, bluum } = script({ status: 200, body: { object: "list", url: LIST_URL, has_more: false, data: [] } });
  await bluum.fundingSources.list("inv_1", { type: "plaid", limit: 5 });
  strictEqual(seen[0]?.url.search, "?type=plaid&limit=5");
  strictEqual(seen[0]?.body ?? null, null);
  strictEqual(seen[0]?.headers.get("idempotency-key"), null); // only POSTs carry one
});

test("multipart document upload", async () => {
  const doc = { object: "document", document_id: "doc_1", document_type: "passport", status: "uploaded" };
  const { seen, bluum } = script({ status: 201, body: doc });
  const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "id.png", { type: "image/png" });
  const result = await bluum.documentManagement.uploadDocument({ document: file, document_type: "passport" });
  const body = seen[0]?.body;
  ok(body instanceof FormData);
  strictEqual((body.get("document") as File).name, "id.png");
  strictEqual(body.get("document_type"), "passport");
  strictEqual(seen[0]?.headers.get("content-type"), null); // fetch adds it, with the boundary
  strictEqual(result.document_id, "doc_1");
});

test("an aborted signal stops the call without retrying", async () => {
  const { seen, bluum } = script({ status: 201, body: FS });
  const controller = new AbortController();
  controller.abort();
  const error = await rejection(bluum.fundingSources.connect("inv_1", { type: "plaid", public_token: "p" }, { signal: controller.signal }));
  ok(error instanceof APIUserAbortError);
  strictEqual(seen.length, 0);
});

// -- errors -------------------------------------------------------------------------------------

test("404 throws NotFoundError with the error body's fields", async () => {
  const { bluum } = script({ status: 404, body: ERR_404, headers: { "x-request-id": "req_9" } });
  const error = await rejection(bluum.fundingSources.list("inv_missing"));
  ok(error instanceof NotFoundError && error instanceof APIStatusError);
  deepStrictEqual(
    [error.status, error.code, error.type, error.message, error.requestId, error.name],
    [404, "BLUM-404-001", "not_found_error", "Investor not found.", "req_9", "NotFoundError"],
  );
  strictEqual(error.headers.get("x-request-id"), "req_9");
});

test("400 throws BadRequestError with param and is not retried", async () => {
  const body = { error: { type: "invalid_request_error", code: "BLUM-400-002", message: "Required field 'symbol' is missing.", param: "symbol" } };
  const { seen, bluum } = script({ status: 400, body });
  const error = await rejection(bluum.fundingSources.list("inv_1"));
  ok(error instanceof BadRequestError);
  strictEqual(error.param, "symbol");
  strictEqual(seen.length, 1);
});

test("the legacy 403 body throws ProductNotEnabledError", async () => {
  const body = { status: "error", code: "PRODUCT_NOT_ENABLED", message: "Market Data is not enabled for this tenant." };
  const { bluum } = script({ status: 403, body });
  const error = await rejection(bluum.marketData.getAssetQuote("AAPL"));
  ok(error instanceof ProductNotEnabledError && error instanceof PermissionDeniedError);
  strictEqual(error.code, "PRODUCT_NOT_ENABLED");
  strictEqual(error.message, "Market Data is not enabled for this tenant.");
});

test("a connection failure throws APIConnectionError after its retries", async () => {
  let calls = 0;
  const fetch: Fetch = async () => {
    calls += 1;
    throw new TypeError("fetch failed");
  };
  const error = await rejection(client(fetch, { maxRetries: 1 }).fundingSources.list("inv_1"));
  ok(error instanceof APIConnectionError && !(error instanceof APITimeoutError));
  strictEqual(calls, 2);
});

test("a request over its timeout throws APITimeoutError", async () => {
  const fetch: Fetch = (_url, init) =>
    new Promise((_resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  const error = await rejection(client(fetch, { maxRetries: 0, timeout: 20 }).fundingSources.list("inv_1"));
  ok(error instanceof APITimeoutError);
});

// -- retries and idempotency ----------------------------------------------------------------------

test("503, 429 (Retry-After: 0), 201 is three requests with one idempotency key", async () => {
  const { seen, bluum } = script({ status: 503 }, { status: 429, headers: { "Retry-After": "0" } }, { status: 201, body: FS });
  const result = await bluum.fundingSources.connect("inv_1", { type: "plaid", public_token: "p" });
  strictEqual(result.object, "funding_source");
  const keys = new Set(seen.map((s) => s.headers.get("idempotency-key")));
  strictEqual(seen.length, 3);
  strictEqual(keys.size, 1);
  match(String([...keys][0]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("deposit retries reuse the caller's idempotency key", async () => {
  const deposit = { object: "deposit", livemode: false, id: "dep_1", amount: "100.00", status: "pending", method: "ach" };
  const { seen, bluum } = script({ status: 500 }, { status: 201, body: deposit });
  await bluum.transfers.createDeposit("inv_1", { amount: "100.00", method: "ach" }, { idempotencyKey: "dep-42" });
  deepStrictEqual(seen.map((s) => s.headers.get("idempotency-key")), ["dep-42", "dep-42"]);
});

test("exhausted retries throw after maxRetries + 1 requests", async () => {
  const { seen, fetch } = recorder({ status: 502 });
  const error = await rejection(client(fetch, { maxRetries: 2 }).fundingSources.list("inv_1"));
  ok(error instanceof InternalServerError);
  strictEqual(error.status, 502);
  strictEqual(seen.length, 3);
});

// -- pagination and raw responses -------------------------------------------------------------------

function pages(all: Array<Array<Record<string, unknown>>>): { seen: Sent[]; fetch: Fetch } {
  const seen: Sent[] = [];
  const fetch: Fetch = async (url, init) => {
    const parsed = new URL(url);
    seen.push({ url: parsed, method: init.method ?? "GET", headers: new Headers(init.headers), body: init.body });
    const index = Math.floor(Number(parsed.searchParams.get("offset") ?? "0") / 2);
    return respond({ status: 200, body: { object: "list", url: LIST_URL, has_more: index + 1 < all.length, data: all[index] } });
  };
  return { seen, fetch };
}

const FIVE = [[{ ...FS, id: "fs_1" }, { ...FS, id: "fs_2" }], [{ ...FS, id: "fs_3" }, { ...FS, id: "fs_4" }], [{ ...FS, id: "fs_5" }]];

test("a list returns a page that iterates across all pages", async () => {
  const { seen, fetch } = pages(FIVE);
  const page = await client(fetch).fundingSources.list("inv_1", { limit: 2 });
  deepStrictEqual(page.data.map((fs) => fs.id), ["fs_1", "fs_2"]);
  ok(page.hasMore);
  const ids: Array<string | undefined> = [];
  for await (const fs of page) ids.push(fs.id);
  deepStrictEqual(ids, ["fs_1", "fs_2", "fs_3", "fs_4", "fs_5"]);
  deepStrictEqual(seen.map((s) => s.url.searchParams.get("offset") ?? "0"), ["0", "2", "4"]);
  ok(seen.every((s) => s.url.searchParams.get("limit") === "2"));
});

test("for await works on the call itself", async () => {
  const { fetch } = pages(FIVE);
  const ids: Array<string | undefined> = [];
  for await (const fs of client(fetch).fundingSources.list("inv_1", { limit: 2 })) ids.push(fs.id);
  strictEqual(ids.length, 5);
});

test("withResponse gives the status, headers and parsed body", async () => {
  const { bluum } = script({ status: 201, body: FS, headers: { "x-request-id": "req_1" } });
  const { data, response } = await bluum.fundingSources.connect("inv_1", { type: "plaid", public_token: "p" }).withResponse();
  strictEqual(response.status, 201);
  strictEqual(response.headers.get("x-request-id"), "req_1");
  ok(!("data" in data));
  strictEqual(data.id, "fs_1");
});

test("a 204 resolves to undefined", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  const result = await client(fetch).fundingSources.disconnect("inv_1", "fs_1");
  strictEqual(result, undefined);
  strictEqual(seen[0]?.method, "DELETE");
});
