import { readFileSync } from 'node:fs';
import type { CallSpec } from './llm-calls.js';

interface Rates {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
  reasoning?: number;
}

const TABLE = JSON.parse(
  readFileSync(
    new URL('../../../collector/prices/prices.json', import.meta.url),
    'utf8',
  ),
) as {
  providers: { models: (Rates & { model: string })[] }[];
};

/** The price-table entry each scenario model must match (request model → table entry). */
const ENTRY_FOR: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o',
  'prod-chat-deployment': 'gpt-4o',
  'claude-sonnet-4-5-20250929': 'claude-sonnet-4-5',
  'o3-mini': 'o3-mini',
  'gpt-4o-mini': 'gpt-4o-mini',
  'gemini-2.0-flash': 'gemini-2.0-flash',
};

/** A price-table entry by its `model` name. */
export function priceEntry(entry: string): Rates {
  const found = TABLE.providers
    .flatMap(p => p.models)
    .find(m => m.model === entry);
  if (found === undefined) throw new Error(`price table has no ${entry}`);
  return found;
}

function rates(model: string): Rates | undefined {
  const entry = ENTRY_FOR[model];
  if (entry === undefined) return undefined;
  const found = TABLE.providers
    .flatMap(p => p.models)
    .find(m => m.model === entry);
  if (found === undefined) throw new Error(`price table has no ${entry}`);
  return found;
}

/** Tokens by contract type for one call, after the Collector's normalisation. */
export function tokensOf(
  call: CallSpec,
): Record<
  'input' | 'output' | 'cache_read' | 'cache_write' | 'reasoning',
  number
> {
  const u = call.usage ?? {};
  return {
    input:
      u['gen_ai.usage.input_tokens'] ?? u['gen_ai.usage.prompt_tokens'] ?? 0,
    output:
      u['gen_ai.usage.output_tokens'] ??
      u['gen_ai.usage.completion_tokens'] ??
      0,
    cache_read: u['gen_ai.usage.cache_read.input_tokens'] ?? 0,
    cache_write:
      u['gen_ai.usage.cache_creation.input_tokens'] ??
      u['gen_ai.usage.cache_write.input_tokens'] ??
      0,
    reasoning: u['gen_ai.usage.reasoning.output_tokens'] ?? 0,
  };
}

/** USD for one call, or undefined when the model is not priced. Input includes cache tokens; output includes reasoning. */
export function costOf(call: CallSpec): number | undefined {
  const r = rates(call.requestModel);
  if (r === undefined) return undefined;
  const t = tokensOf(call);
  const uncached = t.input - t.cache_read - t.cache_write;
  return (
    (uncached * r.input +
      t.cache_read * (r.cache_read ?? r.input) +
      t.cache_write * (r.cache_write ?? r.input) +
      (t.output - t.reasoning) * r.output +
      t.reasoning * (r.reasoning ?? r.output)) /
    1e6
  );
}

/** Label values the Collector must derive for one call. */
export function labelsOf(call: CallSpec): {
  feature: string;
  provider: string;
  model: string;
  operation: string;
  outcome: string;
} {
  const provider =
    call.provider ??
    (call.legacySystem === 'gemini'
      ? 'gcp.gemini'
      : (call.legacySystem ?? 'unknown'));
  const outcome =
    call.outcome ??
    (call.errorType === undefined
      ? 'success'
      : call.errorType === '503'
        ? 'server_error'
        : 'client_error');
  return {
    feature: call.feature ?? 'unattributed',
    provider,
    model: call.requestModel,
    operation: call.operation,
    outcome,
  };
}

/** Adds `value` under the key built from `labels` (sorted JSON), for order-free comparisons. */
export function addTo(
  map: Map<string, number>,
  labels: Record<string, string>,
  value: number,
): void {
  const key = JSON.stringify(
    Object.fromEntries(
      Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
  map.set(key, (map.get(key) ?? 0) + value);
}

export interface ExpectedMetrics {
  calls: Map<string, number>;
  tokens: Map<string, number>;
  cost: Map<string, number>;
  unpriced: Map<string, number>;
  outcomes: Map<string, number>;
  ttftCount: Map<string, number>;
  retries: Map<string, number>;
  durationCount: number;
}

export function expectedMetrics(calls: readonly CallSpec[]): ExpectedMetrics {
  const e: ExpectedMetrics = {
    calls: new Map(),
    tokens: new Map(),
    cost: new Map(),
    unpriced: new Map(),
    outcomes: new Map(),
    ttftCount: new Map(),
    retries: new Map(),
    durationCount: 0,
  };
  for (const call of calls) {
    const l = labelsOf(call);
    addTo(e.calls, l, call.count);
    addTo(e.outcomes, { outcome: l.outcome }, call.count);
    e.durationCount += call.count;
    if (call.usage !== undefined) {
      for (const [type, n] of Object.entries(tokensOf(call))) {
        const sent = type === 'input' || type === 'output' || n > 0;
        if (sent)
          addTo(
            e.tokens,
            { feature: l.feature, model: l.model, token_type: type },
            n * call.count,
          );
      }
    }
    const cost = costOf(call);
    if (cost === undefined)
      addTo(e.unpriced, { feature: l.feature, model: l.model }, call.count);
    else
      addTo(e.cost, { feature: l.feature, model: l.model }, cost * call.count);
    if (call.ttftS !== undefined)
      addTo(e.ttftCount, { feature: l.feature, model: l.model }, call.count);
    if ((call.attempt ?? 0) > 0)
      addTo(
        e.retries,
        { feature: l.feature, model: l.model, outcome: l.outcome },
        call.count,
      );
  }
  return e;
}
