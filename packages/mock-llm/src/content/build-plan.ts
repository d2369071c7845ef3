import type { GenerationPlan } from '../types.js';
import type { ScenarioConfig } from '../scenario/scenario.js';
import { countInputTokens } from './count-input-tokens.js';
import { mockWords, splitPieces } from './mock-words.js';
import { createdAt, requestId } from './request-id.js';

/** Output tokens when the scenario sets neither tokens nor size: 8 + seed mod 8. */
export function defaultOutputTokens(seed: number): number {
  return 8 + (((seed % 8) + 8) % 8);
}

/** Output token count for a scenario and seed (at least 1). */
export function outputTokensFor(
  scenario: ScenarioConfig,
  seed: number,
): number {
  if (scenario.tokens !== undefined)
    return Math.max(1, Math.floor(scenario.tokens));
  if (scenario.size !== undefined)
    return Math.max(1, Math.ceil(scenario.size / 5));
  return defaultOutputTokens(seed);
}

export function buildPlan(
  json: unknown,
  path: string,
  body: Buffer,
  scenario: ScenarioConfig,
  serverSeed: number,
): GenerationPlan {
  const seed = scenario.seed ?? serverSeed;
  const tokens = outputTokensFor(scenario, seed);
  const words = mockWords(tokens, seed);
  return {
    seed,
    words,
    text: words.join(' '),
    pieces: splitPieces(words, scenario.chunks ?? tokens),
    usage: {
      inputTokens: countInputTokens(json),
      cacheReadTokens: scenario.cacheRead ?? 0,
      cacheWriteTokens: scenario.cacheWrite ?? 0,
      outputTokens: tokens,
      reasoningTokens: scenario.reasoning ?? 0,
    },
    id: requestId(seed, path, body),
    created: createdAt(seed),
    toolCalls: scenario.tools !== false,
  };
}
