// What the server will answer, computed without a server: tests use these to
// assert exact text and usage.
import type { MockUsage } from '../types.js';
import { parseScenario, type ScenarioConfig } from '../scenario/scenario.js';
import { buildPlan } from './build-plan.js';

export interface ExpectOptions {
  /** The request body as the SDK sends it (only its prompt text counts). */
  body?: unknown;
  /** The merged scenario of the request (server + model + header). */
  scenario?: string | ScenarioConfig;
  /** The server seed (a scenario seed wins). */
  seed?: number;
}

function plan(options: ExpectOptions) {
  const scenario =
    typeof options.scenario === 'string'
      ? parseScenario(options.scenario)
      : (options.scenario ?? {});
  return buildPlan(
    options.body ?? {},
    '/',
    Buffer.alloc(0),
    scenario,
    options.seed ?? 0,
  );
}

/** Provider-neutral usage for one choice; see README for each provider's mapping. */
export function expectedUsage(options: ExpectOptions = {}): MockUsage {
  return plan(options).usage;
}

/** The generated reply text. */
export function expectedText(options: ExpectOptions = {}): string {
  return plan(options).text;
}

/** The stream pieces of the reply text, in order. */
export function expectedPieces(options: ExpectOptions = {}): readonly string[] {
  return plan(options).pieces;
}
