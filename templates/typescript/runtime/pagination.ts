/**
 * List envelopes as pages that know how to fetch the next one.
 *
 * `for await (const item of page)` walks every item across all pages; use
 * `iterPages()` / `getNextPage()` for page-by-page control.
 */

import { APIPromise, type WithResponse } from "./api-promise.js";

export interface PaginationSpec {
  style: "offset" | "cursor" | "page_token";
  limitParam?: string;
  offsetParam?: string;
  cursorParam?: string;
  cursorField?: string;
}

/** Fetches the page for these query parameters (everything else stays as in the first call). */
export type PageFetcher<T> = (query: Record<string, unknown>) => Promise<WithResponse<Page<T>>>;

export class Page<T> implements AsyncIterable<T> {
  readonly data: T[];
  readonly hasMore: boolean;
  /** The whole list envelope as the server sent it (unknown fields included). */
  readonly body: Record<string, unknown>;
  readonly #query: Record<string, unknown>;
  readonly #pagination: PaginationSpec;
  readonly #fetch: PageFetcher<T>;

  constructor(body: unknown, query: Record<string, unknown>, pagination: PaginationSpec, fetch: PageFetcher<T>) {
    this.body = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    this.data = Array.isArray(this.body["data"]) ? (this.body["data"] as T[]) : [];
    this.hasMore = this.body["has_more"] === true;
    this.#query = query;
    this.#pagination = pagination;
    this.#fetch = fetch;
  }

  hasNextPage(): boolean {
    return this.#nextQuery() !== undefined;
  }

  async getNextPage(): Promise<Page<T>> {
    const query = this.#nextQuery();
    if (query === undefined) throw new Error("No next page; check hasNextPage() first.");
    return (await this.#fetch(query)).data;
  }

  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> = this;
    for (;;) {
      yield page;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) {
      yield* page.data;
    }
  }

  #nextQuery(): Record<string, unknown> | undefined {
    const p = this.#pagination;
    if (this.data.length === 0) return undefined;
    if (p.style === "offset") {
      if (!this.hasMore || p.offsetParam === undefined) return undefined;
      const offset = Number(this.#query[p.offsetParam] ?? 0) || 0;
      return { ...this.#query, [p.offsetParam]: offset + this.data.length };
    }
    let ended: boolean;
    let cursor: unknown;
    if (p.style === "cursor") {
      ended = !this.hasMore;
      const last = this.data[this.data.length - 1];
      cursor = p.cursorField !== undefined && typeof last === "object" && last !== null
        ? (last as Record<string, unknown>)[p.cursorField]
        : undefined;
    } else {
      // page_token: the envelope carries the next token and its absence ends the list;
      // has_more, when sent, can end it too.
      ended = "has_more" in this.body && !this.hasMore;
      cursor = p.cursorField !== undefined ? this.body[p.cursorField] : undefined;
    }
    if (ended || p.cursorParam === undefined || cursor === undefined || cursor === null || cursor === "") {
      return undefined;
    }
    return { ...this.#query, [p.cursorParam]: cursor };
  }
}

/** A first page on its way: await it, or iterate every item with `for await` directly. */
export class PagePromise<T> extends APIPromise<Page<T>> implements AsyncIterable<T> {
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const page = await this;
    yield* page;
  }
}
