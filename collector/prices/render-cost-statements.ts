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

/**
 * The statements of the `transform/cost` processor (span context). Per span:
 * pick the provider block, then the first model whose pattern matches the request
 * model (then the response model, which is how Azure deployments and aliases are
 * priced), then compute
 *   cost = ((input - cache_read - cache_write) * in + cache_read * cr + cache_write * cw
 *           + (output - reasoning) * out + reasoning * rs) / 1e6
 * because semconv input tokens include both cache kinds and output includes reasoning.
 */
export function renderCostStatements(table: PriceTable): string[] {
  const out: string[] = [];
  out.push(`set(${C}["pv"], "")`);
  table.providers.forEach((block, i) => {
    const cond = block.providers
      .map(p => `${U}["gen_ai.provider.name"] == ${ottlString(p)}`)
      .join(' or ');
    out.push(`set(${C}["pv"], "p${i}") where ${C}["pv"] == "" and (${cond})`);
  });
  for (const field of ['gen_ai.request.model', 'gen_ai.response.model']) {
    out.push(
      `set(${C}["m"], ${U}[${ottlString(field)}]) where ${C}["p"] == nil`,
    );
    table.providers.forEach((block, i) => {
      for (const m of block.models) {
        out.push(
          `set(${C}["p"], ${rates(m)}) where ${C}["p"] == nil and ${C}["pv"] == "p${i}" and ` +
            `${C}["m"] != nil and IsMatch(${C}["m"], ${ottlString(m.match)})`,
        );
      }
    });
  }
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
    `set(${U}["llm_otel.cost.usd"], (${C}["uin"] * ${C}["p"]["in"] + ${C}["tcr"] * ${C}["p"]["cr"] + ` +
      `${C}["tcw"] * ${C}["p"]["cw"] + ${C}["uout"] * ${C}["p"]["out"] + ${C}["trs"] * ${C}["p"]["rs"]) / 1000000.0) ` +
      `where ${C}["p"] != nil`,
  );
  out.push(`set(${U}["llm_otel.cost.priced"], true) where ${C}["p"] != nil`);
  out.push(`set(${U}["llm_otel.cost.priced"], false) where ${C}["p"] == nil`);
  out.push(`set(${U}["llm_otel.price.version"], ${ottlString(table.version)})`);
  return out;
}
