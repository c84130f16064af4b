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
