// The few Node APIs the tests use, declared here so neither the tests nor the SDK need @types/node.

declare const process: { env: Record<string, string | undefined> };

declare module "node:test" {
  export function test(name: string, fn: () => void | Promise<void>): Promise<void>;
}

declare module "node:assert/strict" {
  export function ok(value: unknown, message?: string): asserts value;
  export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
  export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
  export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void;
  export function match(actual: string, expected: RegExp, message?: string): void;
  export function doesNotMatch(actual: string, expected: RegExp, message?: string): void;
  export function throws(fn: () => unknown, expected?: RegExp | (new (...args: never[]) => unknown)): void;
}

declare module "node:util" {
  export function inspect(value: unknown, options?: { depth?: number; showHidden?: boolean }): string;
}
