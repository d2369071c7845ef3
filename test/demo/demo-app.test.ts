// The demo app runs under register against the real mock server, exits cleanly,
// and makes every kind of call the stack's dashboards need: several features,
// providers and models, streams, tool calls, a retry after 429, a server error,
// a timeout, a cancel, and a model without a price.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startMockLlm } from '../../packages/mock-llm/src/index.js';
import type { MockLlm } from '../../packages/mock-llm/src/index.js';
import { startOtlpReceiver } from '../child-process/otlp-receiver.js';
import type {
  OtlpReceiver,
  ReceivedSpan,
} from '../child-process/otlp-receiver.js';

const REPO = new URL('../../', import.meta.url).pathname;
const DEMO = [
  '--import',
  '@x/llm-otel/register',
  '--import',
  'tsx',
  'packages/demo-app/src/main.ts',
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the demo; kills it (and fails) after 60 s; sends `signal` once it is ready. */
function runDemo(
  args: string[],
  env: Record<string, string>,
  signal?: NodeJS.Signals,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...DEMO, ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (signal !== undefined && stdout.includes('ready')) {
        // After the first round has started, so the signal lands mid-round.
        setTimeout(() => child.kill(signal), 300).unref();
        signal = undefined;
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo did not exit within 60 s\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('exit', (code, sig) => {
      clearTimeout(limit);
      resolve({ code, signal: sig, stdout, stderr });
    });
  });
}

let mock: MockLlm;
let receiver: OtlpReceiver;
before(async () => {
  mock = await startMockLlm();
  receiver = await startOtlpReceiver();
});
after(async () => {
  await mock.close();
  await receiver.close();
});

const env = (): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_SERVICE_NAME: 'llm-otel-demo',
  LLM_OTEL_FLUSH_TIMEOUT_MILLIS: '5000',
});

/** Call spans of our SDK (third-party SDK spans we supersede are not calls). */
function callSpans(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  return spans.filter(
    s =>
      s.scope === '@x/llm-otel' && s.attributes['llm_otel.superseded'] !== true,
  );
}

function countBy(
  spans: readonly ReceivedSpan[],
  key: (s: ReceivedSpan) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of spans) out[key(s)] = (out[key(s)] ?? 0) + 1;
  return Object.fromEntries(
    Object.entries(out).sort(([a], [b]) => a.localeCompare(b)),
  );
}

// On loopback, OpenAI-format calls are `openai_compatible` (docker-compose
// routes api.openai.com to the mock, so there they are `openai`).
const OAI = 'openai_compatible';

void test('five rounds make the exact mix of calls and exit 0 with a summary', async () => {
  receiver.clear();
  const run = await runDemo(
    [
      '--mock-url',
      mock.url,
      '--rounds',
      '5',
      '--pause-ms',
      '0',
      '--time-scale',
      '0.1',
    ],
    env(),
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.signal, null);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as unknown;
  assert.deepEqual(summary, {
    rounds: 5,
    calls: {
      'agent openai gpt-4o-mini tool_call success': 5,
      'agent openai gpt-4o-mini tool_result success': 5,
      'classify openai o3-mini rate-limited-once rate_limited_then_success': 2,
      'classify openai o3-mini reasoning success': 3,
      'extract gcp gemini-2.0-flash generate success': 5,
      'extract gcp gemini-2.5-flash stream success': 2,
      'labs openai acme-llm-7b unpriced success': 5,
      'search openai gpt-4o-mini fetch success': 4,
      'search openai gpt-4o-mini fetch-timeout timeout': 1,
      'summarize anthropic claude-haiku-4-5 message success': 4,
      'summarize anthropic claude-haiku-4-5 overloaded server_error': 1,
      'support_chat anthropic claude-sonnet-4 stream success': 5,
      'support_chat openai gpt-4o stream success': 4,
      'support_chat openai gpt-4o stream-canceled canceled': 1,
    },
  });

  const spans = callSpans(receiver.spans);
  const a = (s: ReceivedSpan, k: string): string =>
    String(s.attributes[k] ?? '-');
  assert.deepEqual(
    countBy(spans, s =>
      [
        a(s, 'llm_otel.feature'),
        a(s, 'gen_ai.provider.name'),
        a(s, 'gen_ai.request.model'),
        a(s, 'gen_ai.operation.name'),
        a(s, 'llm_otel.outcome'),
      ].join(' '),
    ),
    {
      [`agent ${OAI} gpt-4o-mini chat success`]: 10,
      [`classify ${OAI} o3-mini chat rate_limited`]: 2,
      [`classify ${OAI} o3-mini chat success`]: 5,
      'extract gcp.gen_ai gemini-2.0-flash generate_content success': 5,
      'extract gcp.gen_ai gemini-2.5-flash generate_content success': 2,
      [`labs ${OAI} acme-llm-7b chat success`]: 5,
      [`search ${OAI} gpt-4o-mini chat success`]: 4,
      [`search ${OAI} gpt-4o-mini chat timeout`]: 1,
      'summarize anthropic claude-haiku-4-5 chat server_error': 1,
      'summarize anthropic claude-haiku-4-5 chat success': 4,
      'support_chat anthropic claude-sonnet-4 chat success': 5,
      [`support_chat ${OAI} gpt-4o chat canceled`]: 1,
      [`support_chat ${OAI} gpt-4o chat success`]: 4,
    },
  );

  // Streams: time to first chunk on every completed stream.
  assert.deepEqual(
    countBy(
      spans.filter(
        s => s.attributes['gen_ai.response.time_to_first_chunk'] !== undefined,
      ),
      s => a(s, 'gen_ai.request.model'),
    ),
    { 'claude-sonnet-4': 5, 'gemini-2.5-flash': 2, 'gpt-4o': 4 },
  );
  // Tool calls: the first agent call of each round ends in tool_calls.
  assert.equal(
    spans.filter(
      s =>
        JSON.stringify(s.attributes['gen_ai.response.finish_reasons']) ===
        '["tool_calls"]',
    ).length,
    5,
  );
  // Retries after 429: the SDK's second attempt succeeds.
  assert.deepEqual(
    countBy(
      spans.filter(s => Number(s.attributes['llm_otel.attempt'] ?? 0) > 0),
      s =>
        `${a(s, 'gen_ai.request.model')} ${a(s, 'llm_otel.attempt')} ${a(s, 'llm_otel.outcome')}`,
    ),
    { 'o3-mini 1 success': 2 },
  );
  // Cache and reasoning tokens reach the spans.
  assert.ok(
    spans.some(
      s => s.attributes['gen_ai.usage.cache_read.input_tokens'] === 1200,
    ),
  );
  assert.ok(
    spans.some(
      s => s.attributes['gen_ai.usage.reasoning.output_tokens'] === 64,
    ),
  );
});

void test('with the provider names compose gives them, exactly one demo model has no price', () => {
  const table = JSON.parse(
    readFileSync(
      new URL('../../collector/prices/prices.json', import.meta.url),
      'utf8',
    ),
  ) as {
    providers: { providers: string[]; models: { match: string }[] }[];
  };
  const priced = (provider: string, model: string): boolean =>
    table.providers.some(
      p =>
        p.providers.includes(provider) &&
        p.models.some(m => new RegExp(m.match).test(model)),
    );
  const demoModels: [string, string][] = [
    ['openai', 'gpt-4o'],
    ['openai', 'gpt-4o-mini'],
    ['openai', 'o3-mini'],
    ['openai', 'acme-llm-7b'],
    ['anthropic', 'claude-sonnet-4'],
    ['anthropic', 'claude-haiku-4-5'],
    ['gcp.gemini', 'gemini-2.0-flash'],
    ['gcp.gemini', 'gemini-2.5-flash'],
    ['gcp.gen_ai', 'gemini-2.0-flash'],
  ];
  assert.deepEqual(
    demoModels.filter(([p, m]) => !priced(p, m)),
    [['openai', 'acme-llm-7b']],
  );
});

void test('SIGTERM during an unbounded run: the round finishes, exit code 0, summary printed', async () => {
  receiver.clear();
  const run = await runDemo(
    ['--mock-url', mock.url, '--pause-ms', '50', '--time-scale', '0.1'],
    env(),
    'SIGTERM',
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.signal, null);
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    rounds: number;
  };
  assert.ok(summary.rounds >= 1, run.stdout);
  // Every call the app finished was exported before it exited.
  assert.equal(
    callSpans(receiver.spans).filter(
      s => s.attributes['gen_ai.request.model'] === 'acme-llm-7b',
    ).length,
    summary.rounds,
  );
});

void test('a bad flag fails with usage and exit code 1 (no traffic)', async () => {
  const run = await runDemo(['--rounds', 'many'], env());
  assert.equal(run.code, 1);
  assert.match(run.stderr, /DEMO_ROUNDS needs a number >= 0, got "many"/);
});
