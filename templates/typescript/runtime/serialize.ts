/** Request values on the wire: query strings, JSON and multipart bodies. */

/** A file to upload: a `Blob` or `File` (Node 18+, browsers, Deno and Bun all have them). */
export type Uploadable = Blob;

/** `key=value` pairs for a query string: arrays repeat the key, objects use `key[sub]`. */
export function queryPairs(query: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) add(key, item);
    } else if (value instanceof Date) {
      out.push([key, value.toISOString()]);
    } else if (typeof value === "object") {
      for (const [sub, item] of Object.entries(value)) add(`${key}[${sub}]`, item);
    } else {
      out.push([key, String(value)]);
    }
  };
  for (const [key, value] of Object.entries(query)) add(key, value);
  return out;
}

/** How a query array goes on the wire when not by repeating its key (OpenAPI `style` / `explode`). */
export type ArrayStyle = "comma" | "space" | "pipe" | "brackets";

const SEPARATORS = { comma: ",", space: " ", pipe: "|" } as const;

/** `ids=a,b` (comma), `ids=a b` (space), `ids=a|b` (pipe) or `ids[]=a&ids[]=b` (brackets). */
export function styledArray(key: string, items: readonly unknown[], style: ArrayStyle): Record<string, unknown> {
  if (style === "brackets") return { [`${key}[]`]: items };
  const text = items.map((item) => (item instanceof Date ? item.toISOString() : String(item)));
  return { [key]: text.join(SEPARATORS[style]) };
}

/** A JSON body; `undefined` fields are left out, `null` is sent as null. */
export function jsonBody(body: Record<string, unknown> | unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (value instanceof Date ? value.toISOString() : value));
}

/** A multipart/form-data body: files as parts, arrays as repeated fields, objects as JSON. */
export function multipartBody(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (value instanceof Blob) {
      form.append(key, value, (value as Blob & { name?: string }).name ?? "upload");
    } else if (Array.isArray(value)) {
      for (const item of value) add(key, item);
    } else if (value instanceof Date) {
      form.append(key, value.toISOString());
    } else if (typeof value === "object") {
      form.append(key, JSON.stringify(value));
    } else {
      form.append(key, String(value));
    }
  };
  for (const [key, value] of Object.entries(fields)) add(key, value);
  return form;
}

/** An application/x-www-form-urlencoded body. */
export function formBody(fields: Record<string, unknown>): URLSearchParams {
  return new URLSearchParams(queryPairs(fields));
}

/** A path parameter, percent-encoded; an empty one would silently change the URL. */
export function pathParam(name: string, value: string | number): string {
  const text = String(value);
  if (text === "") throw new Error(`Expected a non-empty value for \`${name}\``);
  return encodeURIComponent(text);
}
