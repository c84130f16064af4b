// The runtime core on its own: the retry policy and the error-body shapes it understands.

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { test } from "node:test";

import { retryDelay, shouldRetry } from "../../generated/typescript/src/retries.js";
import { makeStatusError, NotFoundError, RateLimitError, InternalServerError, APIStatusError } from "../../generated/typescript/src/errors.js";
import { queryPairs } from "../../generated/typescript/src/serialize.js";

const h = (init: Record<string, string> = {}): Headers => new Headers(init);

test("retries 408, 409, 429 and 5xx, not other 4xx; x-should-retry wins", () => {
  deepStrictEqual([408, 409, 429, 500, 503, 400, 401, 404, 422].map((s) => shouldRetry(s, h())), [true, true, true, true, true, false, false, false, false]);
  strictEqual(shouldRetry(400, h({ "x-should-retry": "true" })), true);
  strictEqual(shouldRetry(503, h({ "x-should-retry": "false" })), false);
});

test("Retry-After in seconds, milliseconds or as a date is obeyed up to 60 s", () => {
  strictEqual(retryDelay(0, 2, h({ "retry-after": "0" })), 0);
  strictEqual(retryDelay(0, 2, h({ "retry-after": "3" })), 3);
  strictEqual(retryDelay(0, 2, h({ "retry-after-ms": "250", "retry-after": "9" })), 0.25);
  const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
  const fromDate = retryDelay(0, 2, h({ "retry-after": inTwoSeconds }));
  ok(fromDate > 0 && fromDate <= 2, String(fromDate));
  // A hint over a minute is ignored in favour of the backoff.
  ok(retryDelay(0, 2, h({ "retry-after": "600" })) <= 0.5);
});

test("backoff doubles from 0.5 s with jitter in [0.75, 1] and is capped at 8 s", () => {
  for (let i = 0; i < 50; i++) {
    const first = retryDelay(0, 5, undefined);
    const third = retryDelay(2, 5, undefined);
    const late = retryDelay(10, 10, undefined);
    ok(first >= 0.375 && first <= 0.5, String(first));
    ok(third >= 1.5 && third <= 2, String(third));
    ok(late >= 6 && late <= 8, String(late));
  }
});

test("error bodies: envelope, flat, bare message and plain text", () => {
  const envelope = makeStatusError(404, "Not Found", JSON.stringify({ error: { code: "X", message: "gone", type: "t", param: "p" } }), h(), []);
  ok(envelope instanceof NotFoundError);
  deepStrictEqual([envelope.code, envelope.message, envelope.type, envelope.param], ["X", "gone", "t", "p"]);
  const flat = makeStatusError(429, "", JSON.stringify({ status: "error", code: 42, message: "slow down" }), h(), []);
  ok(flat instanceof RateLimitError);
  deepStrictEqual([flat.code, flat.message], ["42", "slow down"]);
  const text = makeStatusError(502, "Bad Gateway", "<html>upstream</html>", h(), []);
  ok(text instanceof InternalServerError);
  strictEqual(text.message, "<html>upstream</html>");
  const empty = makeStatusError(418, "I'm a teapot", "", h(), []);
  ok(empty instanceof APIStatusError && empty.constructor === APIStatusError);
  strictEqual(empty.message, "I'm a teapot");
});

test("query values: arrays repeat, objects nest, null and undefined are left out", () => {
  deepStrictEqual(queryPairs({ a: [1, 2], b: { c: true }, d: null, e: undefined, f: "x y" }), [
    ["a", "1"], ["a", "2"], ["b[c]", "true"], ["f", "x y"],
  ]);
});
