// Keys for our pre-aggregated histograms (pre-aggregated-histogram.ts). The
// metrics of one attempt share its attribute set and differ only in
// error.type and gen_ai.token.type, so the shared part is keyed once per
// attempt (a sort and a JSON.stringify, what the SDK does on every record)
// and each record appends the values of those two. The key is a function of
// the attribute set alone, however the set was put together.

import type { Attributes } from '@opentelemetry/api';
import { attributesKey } from './pre-aggregated-histogram.js';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_TOKEN_TYPE } from './semconv.js';

/** Attribute sets whose key strings a memo keeps, at most. */
export const MAX_MEMO_SETS = 256;
/** Keys kept per attribute set (error.type × gen_ai.token.type), at most. */
export const MAX_MEMO_KEYS_PER_SET = 32;

/**
 * Key strings of recent attribute sets, handed out again to later attempts
 * with the same set. A series is found by its key in a Map: a new key string
 * is hashed (after being flattened) in full each time, a few hundred
 * characters per record; a string handed out before has its hash cached and
 * matches the Map's own key by identity. Bounded: past MAX_MEMO_SETS it
 * starts over (keys are then made anew, equal to the old ones).
 */
export class SeriesKeyMemo {
  private readonly bySet = new Map<string, Map<string, string>>();

  /** The keys made so far for the attribute set whose shared key is `shared`. */
  keysOf(shared: string): Map<string, string> {
    let keys = this.bySet.get(shared);
    if (keys === undefined) {
      if (this.bySet.size >= MAX_MEMO_SETS) this.bySet.clear();
      keys = new Map();
      this.bySet.set(shared, keys);
    }
    return keys;
  }
}

export class SeriesKeys {
  private sharedKey: string | undefined;
  private memoKeys: Map<string, string> | undefined;

  /**
   * @param attributes the attempt's attributes, common to its metrics.
   * @param memo where key strings are reused across attempts (optional).
   */
  constructor(
    readonly attributes: Attributes,
    private readonly memo?: SeriesKeyMemo,
  ) {}

  /**
   * The key of `attributes` with error.type and gen_ai.token.type set to
   * these values where given.
   */
  key(errorType?: string, tokenType?: string): string {
    const own = this.attributes;
    const error = errorType ?? own[ATTR_ERROR_TYPE];
    const token = tokenType ?? own[ATTR_GEN_AI_TOKEN_TYPE];
    // JSON escapes control characters: "\u0000" cannot occur in either part.
    const rest = JSON.stringify([error ?? null, token ?? null]);
    if (this.memo === undefined) return `${this.shared()}\u0000${rest}`;
    const made = (this.memoKeys ??= this.memo.keysOf(this.shared()));
    let key = made.get(rest);
    if (key === undefined) {
      key = `${this.shared()}\u0000${rest}`;
      if (made.size < MAX_MEMO_KEYS_PER_SET) made.set(rest, key);
    }
    return key;
  }

  /** The attribute set that key() names. */
  attributesWith(errorType?: string, tokenType?: string): Attributes {
    if (errorType === undefined && tokenType === undefined)
      return this.attributes;
    const out = { ...this.attributes };
    if (errorType !== undefined) out[ATTR_ERROR_TYPE] = errorType;
    if (tokenType !== undefined) out[ATTR_GEN_AI_TOKEN_TYPE] = tokenType;
    return out;
  }

  private shared(): string {
    if (this.sharedKey !== undefined) return this.sharedKey;
    const own = this.attributes;
    let rest = own;
    if (ATTR_ERROR_TYPE in own || ATTR_GEN_AI_TOKEN_TYPE in own) {
      rest = { ...own };
      delete rest[ATTR_ERROR_TYPE];
      delete rest[ATTR_GEN_AI_TOKEN_TYPE];
    }
    this.sharedKey = attributesKey(rest);
    return this.sharedKey;
  }
}
