import { readFileSync } from 'node:fs';

/** USD per 1M tokens. Omitted cache rates fall back to `input`, omitted `reasoning` to `output`. */
export interface ModelPrice {
  readonly model: string;
  /** Anchored RE2 pattern matched against the request model, then the response model. */
  readonly match: string;
  readonly input: number;
  readonly output: number;
  readonly cache_read?: number;
  readonly cache_write?: number;
  readonly reasoning?: number;
}

export interface ProviderPrices {
  readonly provider: string;
  /** `gen_ai.provider.name` values this block applies to (for example Azure OpenAI uses OpenAI prices). */
  readonly providers: readonly string[];
  readonly source: string;
  readonly checked: string;
  readonly note?: string;
  readonly models: readonly ModelPrice[];
}

export interface PriceTable {
  readonly version: string;
  readonly providers: readonly ProviderPrices[];
}

/** Reads a price table and fails loudly on entries the generator could not price correctly. */
export function loadPriceTable(path: string): PriceTable {
  const table = JSON.parse(readFileSync(path, 'utf8')) as PriceTable;
  if (typeof table.version !== 'string' || !Array.isArray(table.providers)) {
    throw new Error(`${path}: expected { version, providers: [...] }`);
  }
  for (const block of table.providers) {
    for (const m of block.models) {
      for (const key of [
        'input',
        'output',
        'cache_read',
        'cache_write',
        'reasoning',
      ] as const) {
        const v = m[key];
        if (
          v !== undefined &&
          (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        ) {
          throw new Error(
            `${path}: ${block.provider}/${m.model}: ${key} must be a non-negative number`,
          );
        }
      }
      if (!m.match.startsWith('^') || !m.match.endsWith('$')) {
        throw new Error(
          `${path}: ${block.provider}/${m.model}: match must be anchored (^...$)`,
        );
      }
      new RegExp(m.match); // throws on a malformed pattern
    }
  }
  return table;
}

/** Overrides come first so they win: the first matching entry prices the span. */
export function mergePriceTables(
  base: PriceTable,
  overrides: PriceTable | undefined,
): PriceTable {
  if (overrides === undefined) return base;
  return {
    version: `${base.version}+${overrides.version}`,
    providers: [...overrides.providers, ...base.providers],
  };
}
