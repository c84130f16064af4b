/**
 * The promise every API method returns: await it for the parsed body, or call
 * `.withResponse()` for the status and headers as well.
 */

export interface WithResponse<T> {
  data: T;
  response: Response;
}

export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #parsed: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    // The base promise is a placeholder: every way to read the value goes through `#result`.
    super((resolve) => {
      resolve(null as T);
    });
    this.#result = result;
  }

  /** The parsed body together with the HTTP response (status, headers). */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  /** The HTTP response; its body has already been read and parsed. */
  asResponse(): Promise<Response> {
    return this.#result.then((r) => r.response);
  }

  #parse(): Promise<T> {
    this.#parsed ??= this.#result.then((r) => r.data);
    return this.#parsed;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parse().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parse().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parse().finally(onfinally);
  }
}
