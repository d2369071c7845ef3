// Content attributes are JSON strings with a size cap. Cutting the string
// would break the JSON, so we shorten the longest strings inside the value
// (binary search on one common length), then drop the oldest array entries;
// the result always parses. The strings that give a message its shape (role,
// part type, finish reason, tool call id and name) are never shortened: a
// message whose role reads "…" says nothing.

const MARK = '…';

/** Keys whose string values are kept whole. */
const SHAPE_KEYS: ReadonlySet<string> = new Set([
  'role',
  'type',
  'finish_reason',
  'id',
  'name',
  'mime_type',
  'modality',
]);

/** A string under a shape key: kept whole. */
function keptWhole(key: string, value: unknown): boolean {
  return typeof value === 'string' && SHAPE_KEYS.has(key);
}

function shorten(value: unknown, max: number): unknown {
  if (typeof value === 'string')
    return value.length > max ? value.slice(0, max) + MARK : value;
  if (Array.isArray(value)) return value.map(v => shorten(v, max));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = keptWhole(k, v) ? v : shorten(v, max);
    return out;
  }
  return value;
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  let longest = 0;
  if (Array.isArray(value)) {
    for (const v of value) longest = Math.max(longest, longestString(v));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      if (!keptWhole(k, v)) longest = Math.max(longest, longestString(v));
  }
  return longest;
}

/** The JSON with strings shortened to one longest common length that fits. */
function shortened(value: unknown, max: number): string | undefined {
  let low = 0;
  let high = longestString(value);
  let best: string | undefined;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const json = JSON.stringify(shorten(value, mid));
    if (json.length <= max) {
      best = json;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}

/** JSON of `value` of at most `max` characters, or undefined if impossible. */
export function cappedJson(value: unknown, max: number): string | undefined {
  const whole = JSON.stringify(value);
  if (whole === undefined) return undefined;
  if (whole.length <= max) return whole;
  const best = shortened(value, max);
  if (best !== undefined) return best;
  if (Array.isArray(value)) {
    // Still too big with every string emptied: keep the newest entries that
    // fit so, then give their strings back what room there is.
    const minimal = value.map(v => shorten(v, 0));
    for (let from = 1; from < minimal.length; from++) {
      if (JSON.stringify(minimal.slice(from)).length <= max)
        return shortened(value.slice(from), max);
    }
    return max >= 2 ? '[]' : undefined;
  }
  return undefined;
}
