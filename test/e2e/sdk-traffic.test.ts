// End to end with real SDK traffic: a `node --import @x/llm-otel/register` app using the real
// @anthropic-ai/sdk and openai clients against @x/mock-llm → the real Collector → the real
// Prometheus 3 and Jaeger v2, all with the shipped configs.
//   npm run build && bash collector/build/build-backends.sh && npm run test:e2e
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { expectedUsage, startMockLlm } from '@x/mock-llm';
import type { MockLlm } from '@x/mock-llm';
import { APP_SCENARIOS, PROMPT } from './apps/app-scenarios.mjs';
import { findTraces } from './backends/jaeger-client.js';
import {
  promExemplars,
  promQuery,
  promQueryEventually,
} from './backends/prometheus-client.js';
import type { Sample } from './backends/prometheus-client.js';
import { startBackends } from './backends/start-backends.js';
import type { Backends } from './backends/start-backends.js';
import { priceEntry } from './scenario/expected-metrics.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = 10;

/** Runs the app to completion with register preloaded; resolves with its exit code and output. */
async function runApp(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', '@x/llm-otel/register', 'test/e2e/apps/llm-app.mjs'],
    {
      cwd: REPO,
      env: { ...process.env, ...env, APP_ROUNDS: String(ROUNDS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>(r =>
    child.once('exit', c => r(c)),
  );
  clearTimeout(timer);
  return { code, output };
}

function byLabels(samples: Sample[], keys: string[]): Record<string, number> {
  return Object.fromEntries(
    samples.map(s => [keys.map(k => s.labels[k] ?? '').join('|'), s.value]),
  );
}

const sonnet = priceEntry('claude-sonnet-4-5');
const usage = (scenario: string) =>
  expectedUsage({
    body: { messages: [{ role: 'user', content: PROMPT }] },
    scenario,
  });
const sum = usage(APP_SCENARIOS.summarize);
const chat = usage(APP_SCENARIOS.chatStream);
const classify = usage(APP_SCENARIOS.classify);
// Semconv input tokens include cache reads and writes (Anthropic reports them apart).
const summarizeInput =
  sum.inputTokens + sum.cacheReadTokens + sum.cacheWriteTokens;
const summarizeCost =
  (sum.inputTokens * sonnet.input +
    sum.cacheReadTokens * sonnet.cache_read! +
    sum.cacheWriteTokens * sonnet.cache_write! +
    sum.outputTokens * sonnet.output) /
  1e6;
const streamCost =
  (chat.inputTokens * sonnet.input + chat.outputTokens * sonnet.output) / 1e6;

const EXPECTED_CALLS = {
  'summarize|anthropic|claude-sonnet-4-5|success': ROUNDS,
  'chat|anthropic|claude-sonnet-4-5|success': ROUNDS,
  'chat|anthropic|claude-haiku-4-5|rate_limited': ROUNDS,
  'classify|openai_compatible|gpt-4o|success': ROUNDS,
};
const EXPECTED_TOKENS = {
  'summarize|claude-sonnet-4-5|input': summarizeInput * ROUNDS,
  'summarize|claude-sonnet-4-5|cache_read': sum.cacheReadTokens * ROUNDS,
  'summarize|claude-sonnet-4-5|cache_write': sum.cacheWriteTokens * ROUNDS,
  'summarize|claude-sonnet-4-5|output': sum.outputTokens * ROUNDS,
  'chat|claude-sonnet-4-5|input': chat.inputTokens * ROUNDS,
  'chat|claude-sonnet-4-5|output': chat.outputTokens * ROUNDS,
  'classify|gpt-4o|input': classify.inputTokens * ROUNDS,
  'classify|gpt-4o|output': classify.outputTokens * ROUNDS,
};

async function assertExactMetrics(b: Backends, service: string): Promise<void> {
  const sel = `service_name="${service}"`;
  const calls = await promQueryEventually(
    b.prometheusUrl,
    `sum by (feature, provider, model, outcome) (llm_calls_total{${sel}})`,
    r => r.length === 4 && r.every(x => x.value === ROUNDS),
  );
  assert.deepEqual(
    byLabels(calls, ['feature', 'provider', 'model', 'outcome']),
    EXPECTED_CALLS,
    `calls\n${b.logs()}`,
  );

  const tokens = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model, token_type) (llm_tokens_total{${sel}}) > 0`,
  );
  assert.deepEqual(
    byLabels(tokens, ['feature', 'model', 'token_type']),
    EXPECTED_TOKENS,
    'tokens',
  );

  const cost = byLabels(
    await promQuery(
      b.prometheusUrl,
      `sum by (feature, model) (llm_cost_usd_total{${sel}})`,
    ),
    ['feature', 'model'],
  );
  assert.deepEqual(Object.keys(cost).sort(), [
    'chat|claude-haiku-4-5',
    'chat|claude-sonnet-4-5',
    'summarize|claude-sonnet-4-5',
  ]);
  assert.ok(
    Math.abs(cost['summarize|claude-sonnet-4-5']! - summarizeCost * ROUNDS) <
      1e-9,
    `summarize cost ${cost['summarize|claude-sonnet-4-5']}`,
  );
  assert.ok(
    Math.abs(cost['chat|claude-sonnet-4-5']! - streamCost * ROUNDS) < 1e-9,
    `chat cost ${cost['chat|claude-sonnet-4-5']}`,
  );
  assert.equal(
    cost['chat|claude-haiku-4-5'],
    0,
    'a rate-limited call costs 0 (priced, no tokens)',
  );

  const unpriced = await promQuery(
    b.prometheusUrl,
    `sum by (feature, provider, model) (llm_unpriced_calls_total{${sel}})`,
  );
  assert.deepEqual(byLabels(unpriced, ['feature', 'provider', 'model']), {
    'classify|openai_compatible|gpt-4o': ROUNDS,
  });

  const outcomes = await promQuery(
    b.prometheusUrl,
    `sum by (outcome) (llm_calls_total{${sel}})`,
  );
  assert.deepEqual(byLabels(outcomes, ['outcome']), {
    rate_limited: ROUNDS,
    success: 3 * ROUNDS,
  });

  const ttft = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model) (llm_ttft_seconds_count{${sel}})`,
  );
  assert.deepEqual(byLabels(ttft, ['feature', 'model']), {
    'chat|claude-sonnet-4-5': ROUNDS,
  });
}

void describe(
  'real SDK traffic end to end (register + @anthropic-ai/sdk + openai → Collector → Prometheus, Jaeger)',
  { timeout: 300_000 },
  () => {
    let b: Backends;
    let wire: MockLlm;
    before(async () => {
      [b, wire] = await Promise.all([startBackends(), startMockLlm()]);
    });
    after(async () => {
      await Promise.all([b?.stop(), wire?.close()]);
    });

    void test('all traces sampled: exact metrics; superseded SDK spans not double counted; exemplars resolve', async () => {
      const service = 'sdk-app-all';
      const run = await runApp({
        ...b.appEnv,
        LLM_BASE_URL: wire.url,
        OTEL_SERVICE_NAME: service,
      });
      assert.equal(run.code, 0, run.output);
      await assertExactMetrics(b, service);

      const traces = await findTraces(b.tracesQueryUrl, service);
      assert.equal(traces.size, 4 * ROUNDS, 'every call trace stored');
      const costly = await findTraces(b.tracesQueryUrl, service, {
        'llm_otel.feature': 'summarize',
      });
      for (const spans of costly.values()) {
        const ours = spans.find(
          sp => sp.tags['llm_otel.feature'] === 'summarize',
        )!;
        assert.ok(
          Math.abs(Number(ours.tags['llm_otel.cost.usd']) - summarizeCost) <
            1e-12,
        );
      }
      const exemplars = await promExemplars(
        b.prometheusUrl,
        `llm_duration_seconds_bucket{service_name="${service}"}`,
      );
      assert.ok(exemplars.length > 0, 'an exemplar on llm_duration_seconds');
      for (const e of exemplars)
        assert.ok(
          traces.has(e.labels['trace_id'] ?? ''),
          `exemplar ${e.labels['trace_id']} is stored`,
        );
    });

    void test('10% trace sampling (parentbased_traceidratio 0.1): the same metric values; fewer traces; exemplars only to stored traces', async () => {
      const service = 'sdk-app-10pct';
      const run = await runApp({
        ...b.appEnv,
        LLM_BASE_URL: wire.url,
        OTEL_SERVICE_NAME: service,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
      assert.equal(run.code, 0, run.output);
      await assertExactMetrics(b, service);

      const traces = await findTraces(b.tracesQueryUrl, service);
      assert.ok(
        traces.size < 4 * ROUNDS,
        `only sampled traces are stored (${traces.size} of ${4 * ROUNDS})`,
      );
      for (const spans of traces.values())
        for (const sp of spans)
          assert.notEqual(sp.tags['llm_otel.sampled'], false);
      const exemplars = await promExemplars(
        b.prometheusUrl,
        `llm_duration_seconds_bucket{service_name="${service}"}`,
      );
      for (const e of exemplars)
        assert.ok(
          traces.has(e.labels['trace_id'] ?? ''),
          `exemplar ${e.labels['trace_id']} is stored`,
        );
    });
  },
);
