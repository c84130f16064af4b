// Type-level test for the fixture tests/fixtures/typescript/unions-and-names: how each kind of
// discriminator becomes a narrowable union. Compiled by tests/test_typescript_golden.py.

import type { Fixture, types } from "../fixtures/typescript/unions-and-names/expected/src/index.js";

declare const client: Fixture;

// Explicit mapping over variants that type `kind` as a plain string: the literals are pinned,
// two values may select one variant, and narrowing works.
export function lives(pet: types.Pet): number {
  if (pet.kind === "dog") {
    const goodBoy: boolean | undefined = pet["good-boy"];
    return goodBoy === true ? 1 : 0;
  }
  const kind: "cat" | "kitten" = pet.kind;
  void kind;
  return pet.lives;
}
// @ts-expect-error "cow" selects no variant
export const cow: types.Pet = { kind: "cow", lives: 1 };
// @ts-expect-error a cat needs its lives
export const lifeless: types.Pet = { kind: "cat" };

// Implicit mapping: the schema names are the values.
export function area(shape: types.Shape): number {
  return shape.shape_type === "Circle" ? Math.PI * shape.radius ** 2 : shape.side ** 2;
}

// Open enums of numbers and strings; dictionaries; nullable.
export const size: types.Size = 4;
export const mood: types.Mood = "it's `${complicated}`";
// @ts-expect-error an integer enum is not a string
export const badSize: types.Size = "4";
export const tags: types.Tags = { colour: "brown" };
export const nameless: types.Pet = { kind: "cat", lives: 9, nickname: null };

// A non-object body is passed whole; a binary response is an ArrayBuffer; 204 is void.
export async function calls(): Promise<void> {
  const photo: ArrayBuffer = await client.pets.getPetPhoto(1);
  const nothing: void = await client.pets.rename(1, ["Rex"]);
  const pet = await client.pets.get(1, { mood: "calm", "X-Request-Tag": "t" });
  void [photo, nothing, pet];
  // @ts-expect-error the path param is an integer
  await client.pets.get("1");
}

// tests/fixtures/typescript/corpus-traps: a union holding a map of itself is a valid type, and
// the bodies fetch cannot send, or may leave out, show in the signatures.
import type { Fixture as Traps, types as trapTypes } from "../fixtures/typescript/corpus-traps/expected/src/index.js";

declare const traps: Traps;
export const nested: trapTypes.ErrorDetails = { a: { b: { code: "deep" } }, c: { code: "x" } };
// @ts-expect-error a map of details holds details, not numbers
export const notDetails: trapTypes.ErrorDetails = { a: 1 };
export async function trapCalls(): Promise<void> {
  await traps.items.delete();
  await traps.items.replace("b", "p", undefined, { version: 1 });
  // @ts-expect-error the GET list takes no body, only its query params
  traps.items.list({ limit: 1 }, { limit: 2 }, {});
  // @ts-expect-error a raw upload is a Blob, not a string
  await traps.items.uploadItemBlob("i", "bytes");
}
