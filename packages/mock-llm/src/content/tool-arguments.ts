// Arguments for a mock tool call: every top-level property of the tool's JSON
// schema gets a fixed value by type, so tests can predict them.
import { asRecord } from '../providers/http-helpers.js';

const BY_TYPE: Record<string, unknown> = {
  string: 'mock',
  number: 42,
  integer: 42,
  boolean: true,
  array: [],
  object: {},
};

/**
 * `{ [prop]: value }` for each property of `schema.properties`, in order:
 * string "mock", number/integer 42, boolean true, array [], object {};
 * an enum takes its first value; anything else null. Gemini's upper-case
 * types (STRING...) count the same.
 */
export function toolArguments(schema: unknown): Record<string, unknown> {
  const props = asRecord(asRecord(schema)?.properties);
  const out: Record<string, unknown> = {};
  if (props === undefined) return out;
  for (const [name, raw] of Object.entries(props)) {
    const prop = asRecord(raw);
    const en = prop?.enum;
    if (Array.isArray(en) && en.length > 0) {
      out[name] = en[0];
      continue;
    }
    const type = prop?.type;
    const t = Array.isArray(type) ? type[0] : type;
    out[name] =
      typeof t === 'string' ? (BY_TYPE[t.toLowerCase()] ?? null) : null;
  }
  return out;
}
