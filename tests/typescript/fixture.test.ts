// Runtime paths the Bluum spec does not exercise, through the fixture SDK of
// tests/fixtures/typescript/unions-and-names: header params, a body passed whole, a binary
// response, bearer auth and server variables.

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { test } from "node:test";

import { Fixture } from "../fixtures/typescript/unions-and-names/expected/src/index.js";
import { recorder } from "./mock-fetch.js";

test("header and query params go to their places; bearer auth; server variables filled in", async () => {
  const { seen, fetch } = recorder({ status: 200, body: { kind: "cat", lives: 9 } });
  const pet = await new Fixture({ apiKey: "tok_1", fetch }).pets.get(7, { mood: "calm", "X-Request-Tag": "t1" });
  strictEqual(seen[0]?.url.href, "https://pets.example.com/v2/pets/7?mood=calm");
  strictEqual(seen[0]?.headers.get("x-request-tag"), "t1");
  strictEqual(seen[0]?.headers.get("authorization"), "Bearer tok_1");
  ok(pet.kind !== "dog", "the discriminator narrows the union");
  strictEqual(pet.lives, 9);
});

test("a non-object body is sent whole; a 204 resolves to undefined", async () => {
  const { seen, fetch } = recorder({ status: 204 });
  const result = await new Fixture({ apiKey: "t", fetch }).pets.rename(7, ["Rex", "Max"]);
  strictEqual(result, undefined);
  strictEqual(seen[0]?.method, "PUT");
  deepStrictEqual(JSON.parse(String(seen[0]?.body)), ["Rex", "Max"]);
});

test("a binary response comes back as an ArrayBuffer", async () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const fetch = async (): Promise<Response> => new Response(bytes, { status: 200, headers: { "content-type": "image/png" } });
  const seenAccept: string[] = [];
  const photo = await new Fixture({
    apiKey: "t",
    fetch: (url, init) => {
      seenAccept.push(new Headers(init.headers).get("accept") ?? "");
      return fetch();
    },
  }).pets.getPetPhoto(7);
  ok(photo instanceof ArrayBuffer);
  deepStrictEqual([...new Uint8Array(photo)], [...bytes]);
  deepStrictEqual(seenAccept, ["*/*"]);
});
