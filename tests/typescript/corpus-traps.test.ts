// What the real-world corpus broke, through the fixture SDK of
// tests/fixtures/typescript/corpus-traps: bodies on GET, optional and raw bodies passed whole,
// one name in the path, the query, a header and the body, and awkward tag names.

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { test } from "node:test";

import { Fixture } from "../fixtures/typescript/corpus-traps/expected/src/index.js";
import { json, recorder } from "./mock-fetch.js";

test("query arrays follow their style and explode", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  await new Fixture({ fetch }).items.search({
    ids: ["a", "b"], words: ["x", "y"], codes: [1, 2], expand: ["data.customer", "x"], types: ["p", "q"],
  });
  deepStrictEqual([...new URL(seen[0]!.url).searchParams], [
    ["ids", "a,b"],
    ["words", "x y"],
    ["codes", "1|2"],
    ["expand[]", "data.customer"],
    ["expand[]", "x"],
    ["types", "p"],
    ["types", "q"],
  ]);
});

test("a GET list whose spec declares a body sends none (fetch would throw) and still pages", async () => {
  const { seen, fetch } = recorder(
    { status: 200, body: { data: [{ id: "a" }], has_more: true } },
    { status: 200, body: { data: [{ id: "b" }], has_more: false } },
  );
  const ids: string[] = [];
  for await (const item of new Fixture({ fetch }).items.list({ limit: 1 })) ids.push(item.id);
  deepStrictEqual(ids, ["a", "b"]);
  strictEqual(seen[1]?.url.search, "?limit=1&starting_after=a");
  deepStrictEqual(seen.map((s) => [s.method, s.body]), [["GET", null], ["GET", null]]);
});

test("an optional body passed whole: left out it sends nothing, given it is form-encoded", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  const client = new Fixture({ fetch });
  await client.items.delete();
  await client.items.delete({ reason: "dup licate" });
  strictEqual(seen[0]?.body, null);
  ok(seen[1]?.body instanceof URLSearchParams);
  strictEqual(String(seen[1]?.body), "reason=dup+licate");
});

test("an optional whole body before required params may be undefined; path params keep their wire names", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  const client = new Fixture({ fetch });
  await client.items.replace("b 1", "p/2", ["x"], { version: 3 });
  await client.items.replace("b", "p", undefined, { version: 4 });
  strictEqual(seen[0]?.url.pathname, "/items/b%201/p%2F2");
  strictEqual(seen[0]?.url.search, "?version=3");
  deepStrictEqual(json(seen[0]), ["x"]);
  strictEqual(seen[1]?.body, null);
});

test("a binary body is sent as the bytes given, with the spec's media type", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  const blob = new Blob([new Uint8Array([1, 2, 3])]);
  await new Fixture({ fetch }).items.uploadItemBlob("i1", blob);
  strictEqual(seen[0]?.body, blob);
  strictEqual(seen[0]?.headers.get("content-type"), "application/octet-stream");
});

test("one wire name in the path, the query, a header and the body: each reaches its own place", async () => {
  const { seen, fetch } = recorder({ status: 201, body: { param: "b" } });
  const note = await new Fixture({ fetch }).notes.create("p", {
    param: "b",
    text: "hi",
    "query:param": "q",
    "header:param": "h",
  });
  strictEqual(note.param, "b");
  strictEqual(seen[0]?.url.pathname, "/notes/p");
  strictEqual(seen[0]?.url.search, "?param=q");
  strictEqual(seen[0]?.headers.get("param"), "h");
  deepStrictEqual(json(seen[0]), { param: "b", text: "hi" });
});

test("a numeric tag and a tag named like the client still get resources", async () => {
  const { seen, fetch } = recorder({ status: 204 }, { status: 200, body: { a: { code: "x" } } });
  const client = new Fixture({ fetch });
  strictEqual(await client._1.getNumbered(), undefined);
  deepStrictEqual(await client.fixture.get(), { a: { code: "x" } });
  deepStrictEqual(seen.map((s) => s.url.pathname), ["/numbered", "/fixture"]);
});
