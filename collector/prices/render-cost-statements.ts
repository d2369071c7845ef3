import type { ModelPrice, PriceTable } from './price-table.js';

/**
 * OTTL float literal. OTTL refuses int64 × float64, so whole numbers get a ".0", and
 * it has no exponent syntax, so tiny rates are written out in full.
 */
export function ottlFloat(n: number): string {
  if (Number.isInteger(n)) return `${n}.0`;
  const s = String(n);
  return s.includes('e') ? n.toFixed(12).replace(/0+$/, '') : s;
}

function ottlString(s: string): string {
  return JSON.stringify(s);
}

function rates(m: ModelPrice): string {
  const cacheRead = m.cache_read ?? m.input;
  const cacheWrite = m.cache_write ?? m.input;
  const reasoning = m.reasoning ?? m.output;
  return (
    `{"in": ${ottlFloat(m.input)}, "cr": ${ottlFloat(cacheRead)}, "cw": ${ottlFloat(cacheWrite)}, ` +
    `"out": ${ottlFloat(m.output)}, "rs": ${ottlFloat(reasoning)}}`
  );
}

const U = 'span.attributes';
const C = 'span.cache';
/** Per-span scratch attribute carrying the selected rates from the provider group to the cost group. */
const RATES = `${U}["llm_otel.price.rates"]`;

/** A transform-processor statement group (span context): statements run only when a condition holds. */
export interface StatementGroup {
  readonly conditions: readonly string[];
  readonly statements: readonly string[];
}

/** Spans the cost applies to: gen_ai call spans that our SDK did not supersede. */
export const COST_SCOPE = `(${U}["gen_ai.provider.name"] != nil or ${U}["gen_ai.operation.name"] != nil) and ${U}["llm_otel.superseded"] != true`;

/**
 * The statement groups of the `transform/cost` processor. One group per provider block
 * (its condition skips every other provider's patterns, which keeps the per-span cost
 * proportional to one provider's models) picks the first model whose pattern matches the
 * request model, then the response model (how Azure deployments and aliases are priced).
 * The last group computes
 *   cost = ((input - cache_read - cache_write) * in + cache_read * cr + cache_write * cw
 *           + (output - reasoning) * out + reasoning * rs) / 1e6
 * because semconv input tokens include both cache kinds and output includes reasoning.
 */
export function renderCostStatements(table: PriceTable): StatementGroup[] {
  const groups: StatementGroup[] = table.providers.map(block => {
    const providerCond = block.providers
      .map(p => `${U}["gen_ai.provider.name"] == ${ottlString(p)}`)
      .join(' or ');
    // The span.cache scratch map is small, so its lookups are cheaper than attribute lookups.
    const statements: string[] = [];
    for (const field of ['gen_ai.request.model', 'gen_ai.response.model']) {
      statements.push(
        `set(${C}["m"], ${U}[${ottlString(field)}]) where ${C}["r"] == nil`,
      );
      for (const m of block.models) {
        statements.push(
          `set(${C}["r"], ${rates(m)}) where ${C}["r"] == nil and ${C}["m"] != nil and ` +
            `IsMatch(${C}["m"], ${ottlString(m.match)})`,
        );
      }
    }
    statements.push(`set(${RATES}, ${C}["r"]) where ${C}["r"] != nil`);
    return { conditions: [`${COST_SCOPE} and (${providerCond})`], statements };
  });
  const out: string[] = [];
  const tokens: [string, string][] = [
    ['in', 'gen_ai.usage.input_tokens'],
    ['cr', 'gen_ai.usage.cache_read.input_tokens'],
    ['cw', 'gen_ai.usage.cache_creation.input_tokens'],
    ['out', 'gen_ai.usage.output_tokens'],
    ['rs', 'gen_ai.usage.reasoning.output_tokens'],
  ];
  for (const [k, attr] of tokens) {
    out.push(`set(${C}["t${k}"], 0.0)`);
    out.push(
      `set(${C}["t${k}"], Double(${U}[${ottlString(attr)}])) where ${U}[${ottlString(attr)}] != nil`,
    );
  }
  out.push(`set(${C}["uin"], ${C}["tin"] - ${C}["tcr"] - ${C}["tcw"])`);
  out.push(`set(${C}["uin"], 0.0) where ${C}["uin"] < 0.0`);
  out.push(`set(${C}["uout"], ${C}["tout"] - ${C}["trs"])`);
  out.push(`set(${C}["uout"], 0.0) where ${C}["uout"] < 0.0`);
  out.push(
    `set(${U}["llm_otel.cost.usd"], (${C}["uin"] * ${RATES}["in"] + ${C}["tcr"] * ${RATES}["cr"] + ` +
      `${C}["tcw"] * ${RATES}["cw"] + ${C}["uout"] * ${RATES}["out"] + ${C}["trs"] * ${RATES}["rs"]) / 1000000.0) ` +
      `where ${RATES} != nil`,
  );
  out.push(`set(${U}["llm_otel.cost.priced"], true) where ${RATES} != nil`);
  out.push(`set(${U}["llm_otel.cost.priced"], false) where ${RATES} == nil`);
  out.push(`set(${U}["llm_otel.price.version"], ${ottlString(table.version)})`);
  out.push(`delete_key(${U}, "llm_otel.price.rates")`);
  groups.push({ conditions: [COST_SCOPE], statements: out });
  return groups;
}
