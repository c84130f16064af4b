/** Retry policy as pure functions, so it can be tested without a network. */

const INITIAL_DELAY = 0.5; // seconds before the first retry
const MAX_DELAY = 8.0; // cap of the exponential backoff
const MAX_RETRY_AFTER = 60.0; // longer server hints are ignored: better to fail than hang

/**
 * Whether a response with this status is worth retrying.
 *
 * An explicit `x-should-retry: true|false` from the server wins; otherwise
 * retry timeouts (408), lock conflicts (409), rate limits (429) and 5xx.
 */
export function shouldRetry(status: number, headers: Headers): boolean {
  const hint = (headers.get("x-should-retry") ?? "").trim().toLowerCase();
  if (hint === "true") return true;
  if (hint === "false") return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Seconds to wait before retry number `attempt` (0 for the first retry).
 *
 * A server hint (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP
 * date) between 0 and 60 s is obeyed as is. Otherwise: exponential backoff
 * from 0.5 s, capped at 8 s, times a random factor in [0.75, 1] so that many
 * clients failing together do not retry in lockstep.
 */
export function retryDelay(attempt: number, maxRetries: number, headers: Headers | undefined): number {
  const hinted = headers === undefined ? undefined : serverDelay(headers);
  if (hinted !== undefined && hinted >= 0 && hinted <= MAX_RETRY_AFTER) return hinted;
  const exponent = Math.min(Math.max(attempt, 0), Math.max(maxRetries, 0));
  const backoff = Math.min(INITIAL_DELAY * 2 ** exponent, MAX_DELAY);
  return backoff * (0.75 + Math.random() * 0.25);
}

function serverDelay(headers: Headers): number | undefined {
  const millis = headers.get("retry-after-ms");
  if (millis !== null && millis.trim() !== "" && Number.isFinite(Number(millis))) {
    return Number(millis) / 1000;
  }
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (Number.isFinite(Number(value))) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : (date - Date.now()) / 1000;
}
