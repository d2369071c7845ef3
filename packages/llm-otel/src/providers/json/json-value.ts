// Defensive readers for parsed JSON: wire bodies are untrusted, so every field
// is checked for its type before use and a parse failure is just `undefined`.

export type JsonObject = Readonly<Record<string, unknown>>;

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function arr(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number (JSON has no NaN, but a hand-made value might). */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

export function int(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A string, or every string of an array of strings (OpenAI `stop`). */
export function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  const list = arr(value);
  if (list === undefined) return undefined;
  const out = list.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

const decoder = new TextDecoder('utf-8');

/** Decodes a request body given as bytes or string; undefined when absent. */
export function bodyText(
  body: Uint8Array | string | undefined,
): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : decoder.decode(body);
}

/** Parses a request body as a JSON object; undefined when it is not one. */
export function parseBodyObject(
  body: Uint8Array | string | undefined,
): JsonObject | undefined {
  const text = bodyText(body);
  return text === undefined ? undefined : obj(parseJson(text));
}

/** Parses a JSON string argument (tool call arguments) best-effort. */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseJson(value);
  return parsed === undefined ? value : parsed;
}
