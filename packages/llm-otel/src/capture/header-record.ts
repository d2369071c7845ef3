// Turns the header shapes that reach capture into the contract's record:
// names lower-cased, repeated values joined with ', '.

type HeaderValue = string | number | readonly string[] | undefined | null;

function add(out: Record<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  const prior = out[key];
  out[key] = prior === undefined ? value : `${prior}, ${value}`;
}

/** fetch's HeadersInit: Headers, [name, value][] or a plain record. */
export function fetchHeaderRecord(init: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (init == null) return out;
  if (typeof (init as Headers).forEach === 'function' && !Array.isArray(init)) {
    // Headers (ours or another realm's) already lower-case and join.
    (init as Headers).forEach((value, name) => add(out, name, value));
    return out;
  }
  if (
    Array.isArray(init) ||
    typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    for (const pair of init as Iterable<readonly unknown[]>) {
      if (pair.length === 2) add(out, String(pair[0]), String(pair[1]));
    }
    return out;
  }
  for (const [name, value] of Object.entries(init as Record<string, unknown>)) {
    if (value !== undefined) add(out, name, String(value));
  }
  return out;
}

/**
 * undici's headers: flat [name, value, …] arrays (strings or Buffers), undici
 * 5's raw string, or, from undici 8's HTTP/2 client, an object keyed by name
 * (its pseudo-headers such as `:status` left out).
 */
export function undiciHeaderRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        add(out, line.slice(0, colon), line.slice(colon + 1).trim());
    }
    return out;
  }
  if (typeof headers !== 'object' || headers === null) return out;
  if (!Array.isArray(headers)) {
    addAll(out, headers as Readonly<Record<string, HeaderValue>>);
    return out;
  }
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const value: unknown = headers[i + 1];
    if (Array.isArray(value)) {
      for (const v of value) add(out, String(headers[i]), String(v));
    } else {
      add(out, String(headers[i]), String(value));
    }
  }
  return out;
}

/** node:http's headers objects (set-cookie is an array). */
export function nodeHeaderRecord(
  headers: Readonly<Record<string, HeaderValue>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  addAll(out, headers);
  return out;
}

/** A headers object into the record; HTTP/2 pseudo-headers left out. */
function addAll(
  out: Record<string, string>,
  headers: Readonly<Record<string, HeaderValue>>,
): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value == null || name.startsWith(':')) continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) add(out, name, String(v));
    } else {
      add(out, name, String(value));
    }
  }
}
