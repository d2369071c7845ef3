// Keys for our pre-aggregated histograms (pre-aggregated-histogram.ts). The
// metrics of one attempt share its attribute set and differ only in
// error.type and gen_ai.token.type, so the shared part is keyed once per
// attempt (a sort and a JSON.stringify, what the SDK does on every record)
// and each record appends the values of those two. The key is a function of
// the attribute set alone, however the set was put together.

import type { Attributes } from '@opentelemetry/api';
import { attributesKey } from './pre-aggregated-histogram.js';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_TOKEN_TYPE } from './semconv.js';

export class SeriesKeys {
  private sharedKey: string | undefined;

  /** @param attributes the attempt's attributes, common to its metrics. */
  constructor(readonly attributes: Attributes) {}

  /**
   * The key of `attributes` with error.type and gen_ai.token.type set to
   * these values where given.
   */
  key(errorType?: string, tokenType?: string): string {
    const own = this.attributes;
    const error = errorType ?? own[ATTR_ERROR_TYPE];
    const token = tokenType ?? own[ATTR_GEN_AI_TOKEN_TYPE];
    // JSON escapes control characters: "\u0000" cannot occur in either part.
    return `${this.shared()}\u0000${JSON.stringify([error ?? null, token ?? null])}`;
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
