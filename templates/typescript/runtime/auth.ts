/**
 * Credentials. Each scheme keeps its secret in a closure and turns it into
 * headers only when a request is built, so printing or logging a client (or
 * anything holding an Auth) cannot show a key.
 */

export interface Auth {
  headers(): Record<string, string>;
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** HTTP Basic: the API key is the username, the API secret the password. */
export function basicAuth(key: string, secret: string): Auth {
  return { headers: () => ({ Authorization: `Basic ${base64(`${key}:${secret}`)}` }) };
}

/** `Authorization: Bearer <token>`. */
export function bearerAuth(token: string): Auth {
  return { headers: () => ({ Authorization: `Bearer ${token}` }) };
}

/** An API key sent in a named header, e.g. `X-API-Key`. */
export function headerAuth(headerName: string, value: string): Auth {
  return { headers: () => ({ [headerName]: value }) };
}

/** For public endpoints, and for tests. */
export function noAuth(): Auth {
  return { headers: () => ({}) };
}

/** An explicit value, else the environment variable (where `process.env` exists), else an error. */
export function credential(value: string | undefined, envVar: string, option: string): string {
  const found = value ?? readEnv(envVar);
  if (found === undefined || found === "") {
    throw new Error(`Missing credentials: pass ${option} to the client or set the ${envVar} environment variable`);
  }
  return found;
}

/** An environment variable where `process.env` exists (Node, Bun, Deno with --allow-env). */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === "" ? undefined : value;
}
