// Type-level test: this file must compile under --strict, and every @ts-expect-error line
// must really be an error (tsc fails on an unused directive). Nothing here runs.

import type { Bluum, FundingSourcesConnectParams, Page, types } from "../../generated/typescript/src/index.js";

declare const client: Bluum;

// The connect request of issue #7, both variants of the discriminated union.
export async function connect(): Promise<void> {
  await client.fundingSources.connect("inv_1", { type: "plaid", public_token: "public-sandbox-1" });
  await client.fundingSources.connect("inv_1", { type: "manual", bank_name: "Chase", account_holder_name: "Jane", account_number: "000123456789" });
  // @ts-expect-error the plaid variant needs its public_token
  await client.fundingSources.connect("inv_1", { type: "plaid" });
  // @ts-expect-error "wire" selects no variant
  await client.fundingSources.connect("inv_1", { type: "wire", public_token: "p" });
  // @ts-expect-error manual-only fields do not belong to the plaid variant
  await client.fundingSources.connect("inv_1", { type: "plaid", public_token: "p", account_number: "1234" });
  // @ts-expect-error path params come first and are required
  await client.fundingSources.connect({ type: "plaid", public_token: "p" });
}

// The request discriminator narrows (a $ref-object mapping in the spec).
export function requestNarrowing(params: FundingSourcesConnectParams): string {
  if (params.type === "plaid") return params.public_token;
  return params.account_number;
}

// The response union (an inferred mapping: `object: "list"`, or the resource by default).
// The default variant's `object` is any other string, which TypeScript cannot narrow on, so
// `in` tells them apart; the list variant keeps its literal.
export function responseNarrowing(result: types.ConnectFundingSourceResponse): Array<string | undefined> {
  if ("data" in result) {
    const literal: "list" = result.object;
    void literal;
    return result.data.map((fs) => fs.id);
  }
  return [result.bank_name ?? undefined];
}

// Open enums: the listed values, and any other string the server may add later.
export const listed: types.FundingSourceStatus = "active";
export const unlisted: types.FundingSourceStatus = "frozen";
// @ts-expect-error an open string enum is still a string
export const notAString: types.FundingSourceStatus = 42;

// Nullable and optional are distinct.
export const minimal: types.FundingSource = { object: "funding_source", livemode: false, bank_name: null };
// @ts-expect-error livemode is required
export const missingRequired: types.FundingSource = { object: "funding_source" };
// @ts-expect-error provider_id is optional but not nullable
export const nullNotAllowed: types.FundingSource = { object: "funding_source", livemode: false, provider_id: null };

// Lists are pages of typed items.
export async function lists(): Promise<void> {
  const page: Page<types.FundingSource> = await client.fundingSources.list("inv_1", { limit: 2, type: "plaid" });
  const hasMore: boolean = page.hasMore;
  for await (const fs of page) {
    const id: string | undefined = fs.id;
    void id;
  }
  // @ts-expect-error limit is a number
  await client.fundingSources.list("inv_1", { limit: "2" });
  void hasMore;
}

// Per-request options are typed, and withResponse keeps the body's type.
export async function options(signal: AbortSignal): Promise<number> {
  const { data, response } = await client.transfers
    .createDeposit("inv_1", { amount: "100.00", method: "ach" }, { idempotencyKey: "dep-42", timeout: 5_000, signal })
    .withResponse();
  const id: string | undefined = data.id;
  void id;
  // @ts-expect-error unknown per-request option
  await client.fundingSources.list("inv_1", {}, { retries: 3 });
  return response.status;
}
