import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ottlFloat,
  renderCostStatements,
} from '../../collector/prices/render-cost-statements.js';

void test('ottlFloat writes OTTL float literals (no int literals, no exponents)', () => {
  assert.deepEqual([10, 2.5, 0.00875, 1e-7, 0].map(ottlFloat), [
    '10.0',
    '2.5',
    '0.00875',
    '0.0000001',
    '0.0',
  ]);
});

void test('renderCostStatements: a group per provider (request then response model), then the cost group', () => {
  const groups = renderCostStatements({
    version: 'v-test',
    providers: [
      {
        provider: 'openai',
        providers: ['openai', 'azure.ai.openai'],
        source: 'https://example.test',
        checked: '2026-11-22',
        models: [
          {
            model: 'gpt-4o',
            match: '^gpt-4o$',
            input: 2.5,
            cache_read: 1.25,
            output: 10,
          },
        ],
      },
    ],
  });
  const c = 'span.cache';
  const a = 'span.attributes';
  const r = `${a}["llm_otel.price.rates"]`;
  const rates = '{"in": 2.5, "cr": 1.25, "cw": 2.5, "out": 10.0, "rs": 10.0}';
  const scope = `(${a}["gen_ai.provider.name"] != nil or ${a}["gen_ai.operation.name"] != nil) and ${a}["llm_otel.superseded"] != true`;
  const tokens = (k: string, attr: string): string[] => [
    `set(${c}["t${k}"], 0.0)`,
    `set(${c}["t${k}"], Double(${a}["${attr}"])) where ${a}["${attr}"] != nil`,
  ];
  assert.deepEqual(groups, [
    {
      conditions: [
        `${scope} and (${a}["gen_ai.provider.name"] == "openai" or ${a}["gen_ai.provider.name"] == "azure.ai.openai")`,
      ],
      statements: [
        `set(${c}["m"], ${a}["gen_ai.request.model"]) where ${c}["r"] == nil`,
        `set(${c}["r"], ${rates}) where ${c}["r"] == nil and ${c}["m"] != nil and IsMatch(${c}["m"], "^gpt-4o$")`,
        `set(${c}["m"], ${a}["gen_ai.response.model"]) where ${c}["r"] == nil`,
        `set(${c}["r"], ${rates}) where ${c}["r"] == nil and ${c}["m"] != nil and IsMatch(${c}["m"], "^gpt-4o$")`,
        `set(${r}, ${c}["r"]) where ${c}["r"] != nil`,
      ],
    },
    {
      conditions: [scope],
      statements: [
        ...tokens('in', 'gen_ai.usage.input_tokens'),
        ...tokens('cr', 'gen_ai.usage.cache_read.input_tokens'),
        ...tokens('cw', 'gen_ai.usage.cache_creation.input_tokens'),
        ...tokens('out', 'gen_ai.usage.output_tokens'),
        ...tokens('rs', 'gen_ai.usage.reasoning.output_tokens'),
        `set(${c}["uin"], ${c}["tin"] - ${c}["tcr"] - ${c}["tcw"])`,
        `set(${c}["uin"], 0.0) where ${c}["uin"] < 0.0`,
        `set(${c}["uout"], ${c}["tout"] - ${c}["trs"])`,
        `set(${c}["uout"], 0.0) where ${c}["uout"] < 0.0`,
        `set(${a}["llm_otel.cost.usd"], (${c}["uin"] * ${r}["in"] + ${c}["tcr"] * ${r}["cr"] + ${c}["tcw"] * ${r}["cw"] + ${c}["uout"] * ${r}["out"] + ${c}["trs"] * ${r}["rs"]) / 1000000.0) where ${r} != nil`,
        `set(${a}["llm_otel.cost.priced"], true) where ${r} != nil`,
        `set(${a}["llm_otel.cost.priced"], false) where ${r} == nil`,
        `set(${a}["llm_otel.price.version"], "v-test")`,
        `delete_key(${a}, "llm_otel.price.rates")`,
      ],
    },
  ]);
});
