import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadShippedPriceTable } from '../../collector/prices/generate-cost-config.js';

const table = loadShippedPriceTable();

/** First-match-wins lookup, as the generated OTTL does it (request model, then response model). */
function entryFor(
  provider: string,
  requestModel: string,
  responseModel?: string,
): string | undefined {
  const block = table.providers.find(b => b.providers.includes(provider));
  for (const model of [requestModel, responseModel]) {
    if (model === undefined || block === undefined) continue;
    const hit = block.models.find(m => new RegExp(m.match).test(model));
    if (hit !== undefined) return hit.model;
  }
  return undefined;
}

void test('every entry matches its own canonical name and is not shadowed by an earlier entry', () => {
  const misses: string[] = [];
  for (const block of table.providers) {
    for (const m of block.models) {
      if (
        !new RegExp(m.match).test(m.model) &&
        !block.provider.startsWith('aws')
      )
        misses.push(m.model);
      else if (
        !block.provider.startsWith('aws') &&
        entryFor(block.providers[0]!, m.model) !== m.model
      )
        misses.push(`${m.model} (shadowed)`);
    }
  }
  assert.deepEqual(misses, []);
});

void test('dated snapshots, aliases, Azure deployments and Bedrock inference profiles price as their model', () => {
  const cases: [string, string, string | undefined, string | undefined][] = [
    ['openai', 'gpt-4o-2024-08-06', undefined, 'gpt-4o'],
    ['openai', 'gpt-4o-2024-05-13', undefined, 'gpt-4o-2024-05-13'],
    ['openai', 'gpt-4o-mini-2024-07-18', undefined, 'gpt-4o-mini'],
    ['openai', 'gpt-4.1-mini-2025-04-14', undefined, 'gpt-4.1-mini'],
    ['azure.ai.openai', 'prod-chat-deployment', 'gpt-4o-2024-11-20', 'gpt-4o'],
    ['azure.ai.openai', 'gpt-35-turbo', undefined, 'gpt-3.5-turbo'],
    ['anthropic', 'claude-3-5-haiku-latest', undefined, 'claude-3-5-haiku'],
    ['anthropic', 'claude-opus-4-1-20250805', undefined, 'claude-opus-4-1'],
    ['anthropic', 'claude-opus-4-20250514', undefined, 'claude-opus-4'],
    [
      'aws.bedrock',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      undefined,
      'anthropic.claude-sonnet-4-5',
    ],
    [
      'aws.bedrock',
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
      undefined,
      'anthropic.claude-3-5-sonnet',
    ],
    ['gcp.gemini', 'models/gemini-2.5-flash', undefined, 'gemini-2.5-flash'],
    ['gcp.vertex_ai', 'gemini-2.0-flash-001', undefined, 'gemini-2.0-flash'],
    ['gcp.gemini', 'gemini-2.5-flash-lite', undefined, 'gemini-2.5-flash-lite'],
    ['mistral_ai', 'mistral-large-latest', undefined, 'mistral-large'],
    ['groq', 'llama-3.3-70b-versatile', undefined, 'llama-3.3-70b-versatile'],
    ['groq', 'gpt-4o', undefined, undefined],
    ['openai', 'my-finetune-v7', undefined, undefined],
  ];
  assert.deepEqual(
    cases.map(([p, req, res]) => entryFor(p, req, res)),
    cases.map(c => c[3]),
  );
});
