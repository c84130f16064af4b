// An injected `fetch` that records every request and answers from a script.

import type { Fetch } from "../../generated/typescript/src/index.js";

export interface Sent {
  url: URL;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Replies in order; the last one repeats. */
export function recorder(...replies: Reply[]): { seen: Sent[]; fetch: Fetch } {
  const seen: Sent[] = [];
  const fetch: Fetch = async (url, init) => {
    seen.push({ url: new URL(url), method: init.method ?? "GET", headers: new Headers(init.headers), body: init.body });
    const reply = (replies.length > 1 ? replies.shift() : replies[0]) ?? { status: 500 };
    return respond(reply);
  };
  return { seen, fetch };
}

export function respond(reply: Reply): Response {
  const body = reply.body === undefined ? null : JSON.stringify(reply.body);
  return new Response(body, { status: reply.status, headers: { "content-type": "application/json", ...reply.headers } });
}

export function json(sent: Sent | undefined): unknown {
  if (typeof sent?.body !== "string") throw new Error("the request had no JSON body");
  return JSON.parse(sent.body);
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}
