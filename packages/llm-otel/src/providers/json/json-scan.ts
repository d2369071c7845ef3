// Cheap reads from a window of JSON text that is not a whole document: the
// head and tail kept from a body too large to parse. In valid JSON a quote
// inside a string value is escaped, so `"key"` followed by a colon, found by
// indexOf, is a real key whatever window it sits in (without the colon it is
// a string value that happens to equal the key: skipped).

import { parseJson } from './json-value.js';

function valueStart(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  if (text[i] !== ':') return -1;
  i++;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i < text.length ? i : -1;
}

/** Index just past the end of the string that starts at `start` (a quote). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return -1;
}

/** Index just past the balanced object or array that starts at `start`. */
function compositeEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Parses the complete JSON value that starts at `start`, if it fits. */
function valueAt(text: string, start: number): unknown {
  const c = text[start];
  if (c === '"') {
    const end = stringEnd(text, start);
    return end === -1 ? undefined : parseJson(text.slice(start, end));
  }
  if (c === '{' || c === '[') {
    const end = compositeEnd(text, start);
    return end === -1 ? undefined : parseJson(text.slice(start, end));
  }
  const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
    text.slice(start, start + 40),
  );
  return m === null ? undefined : parseJson(m[0]);
}

function valueOf(text: string, keyIndex: number, key: string): unknown {
  const start = valueStart(text, keyIndex + key.length + 2);
  return start === -1 ? undefined : valueAt(text, start);
}

/** The value of the first `"key":` in the text that parses completely. */
export function firstValue(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let at = text.indexOf(needle);
  while (at !== -1) {
    const value = valueOf(text, at, key);
    if (value !== undefined) return value;
    at = text.indexOf(needle, at + needle.length);
  }
  return undefined;
}

/** The value of the last `"key":` in the text that parses completely. */
export function lastValue(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let at = text.lastIndexOf(needle);
  while (at !== -1) {
    const value = valueOf(text, at, key);
    if (value !== undefined) return value;
    at = at === 0 ? -1 : text.lastIndexOf(needle, at - 1);
  }
  return undefined;
}

/** Every complete value of `"key":` in the text, in order. */
export function allValues(text: string, key: string): unknown[] {
  const needle = `"${key}"`;
  const out: unknown[] = [];
  let at = text.indexOf(needle);
  while (at !== -1) {
    const value = valueOf(text, at, key);
    if (value !== undefined) out.push(value);
    at = text.indexOf(needle, at + needle.length);
  }
  return out;
}

/**
 * The length of the first embedding vector after `"key":` in the text: a
 * JSON array of numbers counted by its commas, or a base64 string of
 * little-endian float32 values. Undefined when the vector does not fit.
 */
export function firstVectorLength(
  text: string,
  key: string,
): number | undefined {
  const needle = `"${key}"`;
  let start = -1;
  // The key's name may also appear as a string value ("object":"embedding").
  for (let at = text.indexOf(needle); at !== -1 && start === -1;) {
    start = valueStart(text, at + needle.length);
    at = text.indexOf(needle, at + needle.length);
  }
  if (start === -1) return undefined;
  // Cohere nests vectors by type: {"float":[[...]]}; Gemini {"values":[...]}.
  while (text[start] === '[' && text[start + 1] === '[') start++;
  if (text[start] === '"') {
    const end = stringEnd(text, start);
    return end === -1
      ? undefined
      : base64Floats(text.slice(start + 1, end - 1));
  }
  if (text[start] !== '[') return undefined;
  const end = text.indexOf(']', start);
  if (end === -1) return undefined;
  const body = text.slice(start + 1, end).trim();
  if (body === '') return 0;
  let count = 1;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 44) count++;
  return count;
}

/** Number of float32 values in a base64 string. */
export function base64Floats(b64: string): number {
  const trimmed = b64.replace(/=+$/, '');
  return Math.floor((trimmed.length * 3) / 4 / 4);
}
