// `node --import @x/llm-otel/register` (ESM), `--require` (CJS) and an
// esbuild bundle, each exporting to an OTLP receiver inside the test; and
// transparency: the app's stdout and exit code are the same with and without
// register, also on malformed JSON, a cut stream, an app abort and a collector
// that is down.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { startLlmFixtureServer } from './llm-fixture-server.js';
import type { LlmFixtureServer } from './llm-fixture-server.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';
import { FIXTURES, ensureBuilt, runNode } from './run-node.js';
import type { NodeRun } from './run-node.js';

let llm: LlmFixtureServer;
let otlp: OtlpReceiver;
let bundleDir: string;

const ESM = ['--import', '@x/llm-otel/register'];
const CJS = ['--require', '@x/llm-otel/register'];

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    LLM_BASE_URL: llm.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: 'child-app',
    OTEL_LOGS_EXPORTER: 'none',
    ...extra,
  };
}

const port = () => Number(new URL(llm.url).port);

/**
 * Runs `args` without register, then with it (the receiver cleared between):
 * both must exit with `code` and print the same stdout and stderr. Returns
 * the run without.
 */
async function sameExitWithRegister(
  args: string[],
  settings: Record<string, string>,
  code: number,
): Promise<NodeRun> {
  const without = await runNode(args, settings);
  otlp.clear();
  const run = await runNode([...ESM, ...args], settings);
  assert.deepEqual(
    { code: run.code, stdout: run.stdout, stderr: run.stderr },
    { code, stdout: without.stdout, stderr: without.stderr },
  );
  assert.equal(without.code, code);
  return without;
}

function chatSpan(
  model: string,
  responseModel: string,
): Record<string, unknown> {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai_compatible',
    'gen_ai.request.model': model,
    'gen_ai.request.temperature': 0.5,
    'server.address': '127.0.0.1',
    'server.port': port(),
    'llm_otel.feature': 'unattributed',
    'llm_otel.attempt': 0,
    'gen_ai.response.id': 'chatcmpl-1',
    'gen_ai.response.model': responseModel,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 9,
    'gen_ai.usage.output_tokens': 2,
    'llm_otel.outcome': 'success',
  };
}

function streamSpan(spans: ReceivedSpan[]): ReceivedSpan {
  const span = spans.find(s => s.name === 'chat gpt-4o-mini');
  assert.ok(span, 'stream span exported');
  return span;
}

function assertChatSpans(spans: ReceivedSpan[]): void {
  assert.deepEqual(spans.map(s => s.name).sort(), [
    'chat gpt-4o',
    'chat gpt-4o-mini',
  ]);
  const nonStream = spans.find(s => s.name === 'chat gpt-4o')!;
  assert.equal(nonStream.kind, 3); // CLIENT in OTLP numbering
  assert.equal(nonStream.scope, '@x/llm-otel');
  assert.equal(nonStream.resource['service.name'], 'child-app');
  assert.deepEqual(
    nonStream.attributes,
    chatSpan('gpt-4o', 'gpt-4o-2024-08-06'),
  );
  const stream = streamSpan(spans);
  const ttfc = stream.attributes['gen_ai.response.time_to_first_chunk'];
  assert.equal(typeof ttfc, 'number');
  assert.deepEqual(stream.attributes, {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai_compatible',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.stream': true,
    'server.address': '127.0.0.1',
    'server.port': port(),
    'llm_otel.feature': 'unattributed',
    'llm_otel.attempt': 0,
    'gen_ai.response.id': 'chatcmpl-stream-1',
    'gen_ai.response.model': 'gpt-4o-mini',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 11,
    'gen_ai.usage.output_tokens': 2,
    'gen_ai.response.time_to_first_chunk': ttfc,
    'llm_otel.outcome': 'success',
  });
}

const CHAT_STDOUT = 'non-stream: Hello world 11\nstream: Hello world\ndone\n';

before(async () => {
  ensureBuilt();
  llm = await startLlmFixtureServer();
  otlp = await startOtlpReceiver();
  bundleDir = mkdtempSync(join(tmpdir(), 'llm-otel-bundle-'));
  await build({
    entryPoints: [join(FIXTURES, 'app.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(bundleDir, 'app.bundle.mjs'),
    logLevel: 'silent',
  });
});

after(async () => {
  await llm.close();
  await otlp.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

void describe('register in a child process', () => {
  void it('exports exact spans and metrics for an ESM app with --import (http/json)', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({
        OTEL_EXPORTER_OTLP_HEADERS: 'x-test-header=from-env',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
      }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout },
      { code: 0, stdout: CHAT_STDOUT },
    );
    assertChatSpans(otlp.spans);
    assert.deepEqual([...new Set(otlp.testHeaders)], ['from-env']);
    assert.equal(
      otlp.spans[0]!.resource['deployment.environment.name'],
      'test',
    );
    // The API key the app sent never reaches the collector.
    assert.ok(otlp.raw.length > 0);
    assert.ok(!otlp.raw.some(body => body.includes('sk-test-secret')));
    const tokens = otlp.points
      .filter(p => p.metric === 'gen_ai.client.token.usage')
      .map(p => [
        p.attributes['gen_ai.request.model'],
        p.attributes['gen_ai.token.type'],
        p.value,
      ]);
    assert.deepEqual(tokens.sort(), [
      ['gpt-4o', 'input', { count: 1, sum: 9 }],
      ['gpt-4o', 'output', { count: 1, sum: 2 }],
      ['gpt-4o-mini', 'input', { count: 1, sum: 11 }],
      ['gpt-4o-mini', 'output', { count: 1, sum: 2 }],
    ]);
    // Under register, the histograms come from our own producer
    // (pre-aggregated). time_per_output_chunk: one series for the stream,
    // one gap between its two content chunks ('Hello', ' world'), and the
    // attributes of every other metric of the call.
    const gaps = otlp.points.filter(
      p => p.metric === 'gen_ai.client.operation.time_per_output_chunk',
    );
    const streamTokens = otlp.points.find(
      p =>
        p.metric === 'gen_ai.client.token.usage' &&
        p.attributes['gen_ai.request.model'] === 'gpt-4o-mini' &&
        p.attributes['gen_ai.token.type'] === 'output',
    )!;
    const streamAttributes = Object.fromEntries(
      Object.entries(streamTokens.attributes).filter(
        ([key]) => key !== 'gen_ai.token.type',
      ),
    );
    assert.deepEqual(
      gaps.map(p => ({
        attributes: p.attributes,
        count: (p.value as { count: number }).count,
      })),
      [{ attributes: streamAttributes, count: 1 }],
    );
    // That producer's output is one scope block of its own in each export,
    // with all four histograms; no other block has any of them.
    const metricScopes = otlp.raw
      .filter((_, i) => otlp.contentTypes[i]!.startsWith('/v1/metrics '))
      .flatMap(body => {
        const request = JSON.parse(body) as {
          resourceMetrics: {
            scopeMetrics: { metrics: { name: string }[] }[];
          }[];
        };
        return request.resourceMetrics.flatMap(rm =>
          rm.scopeMetrics.map(sm => sm.metrics.map(m => m.name)),
        );
      });
    const histograms = [
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.operation.time_per_output_chunk',
      'gen_ai.client.token.usage',
    ];
    assert.deepEqual(
      metricScopes.filter(names => names.some(n => histograms.includes(n))),
      [histograms],
    );
    const token = otlp.points.find(
      p => p.metric === 'gen_ai.client.token.usage',
    )!;
    assert.deepEqual(Object.keys(token.attributes).sort(), [
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.response.model',
      'gen_ai.token.type',
      'llm_otel.feature',
      'server.address',
      'server.port',
    ]);
  });

  void it('exports exact spans for a CJS app with --require (http/protobuf)', async () => {
    otlp.clear();
    const run = await runNode(
      [...CJS, join(FIXTURES, 'app.cjs')],
      env({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        // Per-signal endpoints win over a dead base endpoint.
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${otlp.url}/v1/metrics`,
      }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout },
      { code: 0, stdout: CHAT_STDOUT },
    );
    assert.ok(
      otlp.contentTypes.includes('/v1/traces application/x-protobuf'),
      otlp.contentTypes.join(),
    );
    assertChatSpans(otlp.spans);
  });

  void it('exports exact spans when set through NODE_OPTIONS by path, and a node child in another directory runs unchanged', async () => {
    otlp.clear();
    // The bare specifier resolves from each process's directory; the path
    // register resolves to works from anywhere (see the README).
    const register = createRequire(import.meta.url).resolve(
      '@x/llm-otel/register',
    );
    const run = await runNode(
      [join(FIXTURES, 'app-spawns.mjs')],
      env({ NODE_OPTIONS: `--import ${register}` }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout, stderr: run.stderr },
      { code: 0, stdout: `child: child ok\n${CHAT_STDOUT}`, stderr: '' },
    );
    assertChatSpans(otlp.spans);
  });

  void it('exports exact spans for an esbuild-bundled app', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(bundleDir, 'app.bundle.mjs'), 'chat'],
      env(),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout },
      { code: 0, stdout: CHAT_STDOUT },
    );
    assertChatSpans(otlp.spans);
  });

  for (const scenario of ['chat', 'malformed', 'cut', 'abort']) {
    void it(`does not interfere: same stdout and exit code with and without register (${scenario})`, async () => {
      const without = await runNode(
        [join(FIXTURES, 'app.mjs'), scenario],
        env(),
      );
      const withRegister = await runNode(
        [...ESM, join(FIXTURES, 'app.mjs'), scenario],
        env(),
      );
      assert.deepEqual(
        { code: withRegister.code, stdout: withRegister.stdout },
        { code: without.code, stdout: without.stdout },
      );
    });
  }

  void it("records the process's first fetch call whole though the app never reads its body, and hands the app fetch's own Response", async () => {
    const without = await sameExitWithRegister(
      [join(FIXTURES, 'app.mjs'), 'first-unread'],
      env(),
      0,
    );
    assert.equal(without.stdout, 'status: 200 own Response: true\ndone\n');
    // A raw fetch call announces no retry attempt.
    const expected = chatSpan('gpt-4o', 'gpt-4o-2024-08-06');
    delete expected['llm_otel.attempt'];
    assert.deepEqual(
      otlp.spans.map(s => ({ name: s.name, attributes: s.attributes })),
      [{ name: 'chat gpt-4o', attributes: expected }],
    );
  });

  void it('names the service from OTEL_SERVICE_NAME also when OTEL_NODE_RESOURCE_DETECTORS leaves out env', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({ OTEL_NODE_RESOURCE_DETECTORS: 'none' }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout, stderr: run.stderr },
      { code: 0, stdout: CHAT_STDOUT, stderr: '' },
    );
    assert.deepEqual(
      otlp.spans.map(s => s.resource['service.name']),
      ['child-app', 'child-app'],
    );
  });

  void it('does not interfere when the collector is down: same stdout and exit code', async () => {
    const down = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' };
    const without = await runNode(
      [join(FIXTURES, 'app.mjs'), 'chat'],
      env(down),
    );
    const withRegister = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env(down),
    );
    assert.deepEqual(
      { code: withRegister.code, stdout: withRegister.stdout },
      { code: without.code, stdout: CHAT_STDOUT },
    );
  });

  void it('does not wait for its flush bound when the collector refuses connections', async () => {
    // A bound far beyond runNode's limit: the OTLP exporter retries a refused
    // connection for about 8 s, so only giving up on a refusing collector
    // lets the app exit within the limit, with its own stdout and code.
    const down = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      LLM_OTEL_FLUSH_TIMEOUT_MILLIS: '600000',
    };
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env(down),
      6_000,
    );
    assert.deepEqual(
      { code: run.code, signal: run.signal, stdout: run.stdout },
      { code: 0, signal: null, stdout: CHAT_STDOUT },
    );
  });

  void it('does not interfere when the collector hangs: same stdout and exit code (3)', async () => {
    // Accepts connections and never answers.
    const sockets: Socket[] = [];
    const hanging = createServer(s => sockets.push(s));
    await new Promise<void>(r => hanging.listen(0, '127.0.0.1', r));
    const { port: hangPort } = hanging.address() as AddressInfo;
    try {
      const stuck = {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${hangPort}`,
      };
      const app = join(FIXTURES, 'app.mjs');
      const without = await runNode([app, 'malformed'], env(stuck));
      const withRegister = await runNode(
        [...ESM, app, 'malformed'],
        env(stuck),
      );
      assert.deepEqual(
        { code: withRegister.code, stdout: withRegister.stdout },
        { code: without.code, stdout: without.stdout },
      );
      assert.equal(without.code, 3);
    } finally {
      for (const s of sockets) s.destroy();
      hanging.close();
    }
  });

  void it('reports a bad setting once through diag and keeps the app running unchanged', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({
        OTEL_LOG_LEVEL: 'warn',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout },
      { code: 0, stdout: CHAT_STDOUT },
    );
    const warnings = run.stderr
      .split('\n')
      .filter(line => line.includes('@x/llm-otel'));
    assert.deepEqual(warnings, [
      '@x/llm-otel: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="true" is not NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT; content capture is off.',
    ]);
    assert.equal(otlp.spans.length, 2);
    assert.equal(otlp.spans[0]!.attributes['gen_ai.input.messages'], undefined);
  });

  void it("writes a bad setting once to stderr when no OTEL_LOG_LEVEL sets up a diag logger, the SDK's own included, and nothing under OTEL_LOG_LEVEL=none", async () => {
    const bad = {
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      OTEL_TRACES_SAMPLER: 'sometimes',
      // Read by the SDK, which says so through diag (three times: once per
      // signal's exporter).
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
      // Dropped whole by the SDK without a word.
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test,team',
    };
    const plain = await runNode([join(FIXTURES, 'app.mjs'), 'chat'], env(bad));
    const unset = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env(bad),
    );
    const none = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({ ...bad, OTEL_LOG_LEVEL: 'none' }),
    );
    assert.deepEqual(
      [plain, unset, none].map(run => ({
        code: run.code,
        stdout: run.stdout,
        stderr: run.stderr,
      })),
      [
        { code: 0, stdout: CHAT_STDOUT, stderr: '' },
        {
          code: 0,
          stdout: CHAT_STDOUT,
          stderr:
            '@x/llm-otel: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="true" is not NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT; content capture is off.\n' +
            '@x/llm-otel: OTEL_TRACES_SAMPLER="sometimes" is not supported; using parentbased_always_on.\n' +
            "@x/llm-otel: OTEL_RESOURCE_ATTRIBUTES: entry 2 is not key=value (',' and '=' in keys and values must be percent-encoded); the SDK ignores the whole variable.\n" +
            "@x/llm-otel: the OpenTelemetry SDK says: Unknown value 'soon' for OTEL_EXPORTER_OTLP_TIMEOUT, expected a number, using defaults\n",
        },
        { code: 0, stdout: CHAT_STDOUT, stderr: '' },
      ],
    );
  });

  void it('records nothing and changes nothing with OTEL_SDK_DISABLED=true', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({ OTEL_SDK_DISABLED: 'true' }),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout, spans: otlp.spans.length },
      { code: 0, stdout: CHAT_STDOUT, spans: 0 },
    );
  });
});

void describe('register lifecycle in a child process', () => {
  void it('flushes on SIGTERM and still dies by SIGTERM, as without register', async () => {
    otlp.clear();
    const app = join(FIXTURES, 'app-wait.mjs');
    const without = await runNode([app], env(), 30_000, 'SIGTERM');
    const withRegister = await runNode([...ESM, app], env(), 30_000, 'SIGTERM');
    assert.deepEqual(
      {
        code: withRegister.code,
        signal: withRegister.signal,
        stdout: withRegister.stdout,
      },
      { code: without.code, signal: 'SIGTERM', stdout: without.stdout },
    );
    assert.deepEqual(
      otlp.spans.map(s => s.name),
      ['chat gpt-4o'],
    );
  });

  void it('leaves SIGTERM to a handler of the app, and exports its spans when that handler calls process.exit()', async () => {
    const app = join(FIXTURES, 'app-wait.mjs');
    const args = [app, 'own-handler'];
    const without = await runNode(args, env(), 30_000, 'SIGTERM');
    otlp.clear();
    const run = await runNode([...ESM, ...args], env(), 30_000, 'SIGTERM');
    assert.deepEqual(
      { code: run.code, signal: run.signal, stdout: run.stdout },
      { code: 0, signal: null, stdout: without.stdout },
    );
    assert.equal(without.stdout, 'answer: Hello world\nready\nclosed\n');
    assert.deepEqual(
      otlp.spans.map(s => [s.name, s.attributes]),
      [['chat gpt-4o', chatSpan('gpt-4o', 'gpt-4o-2024-08-06')]],
    );
  });

  void it('exports the spans of an app that ends with process.exit(), with the same stdout and exit code', async () => {
    const app = join(FIXTURES, 'app-exit.mjs');
    await sameExitWithRegister([app, 'exit', '7'], env(), 7);
    assert.deepEqual(
      otlp.spans.map(s => [s.name, s.attributes, s.resource['service.name']]),
      [['chat gpt-4o', chatSpan('gpt-4o', 'gpt-4o-2024-08-06'), 'child-app']],
    );
    // Our histograms' last interval goes too.
    assert.deepEqual(
      otlp.points
        .map(p => [
          p.metric,
          p.attributes['gen_ai.token.type'] ?? p.attributes['error.type'] ?? '',
          (p.value as { count: number }).count,
        ])
        .sort(),
      [
        ['gen_ai.client.operation.duration', '', 1],
        ['gen_ai.client.token.usage', 'input', 1],
        ['gen_ai.client.token.usage', 'output', 1],
      ],
    );
  });

  void it('flushes on the handle startLlmOtel() returns under register, while the process lives on (serverless)', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app-flush.mjs')],
      // A metric interval longer than the test: only the flush can send.
      env({ OTEL_METRIC_EXPORT_INTERVAL: '600000' }),
      30_000,
      'SIGKILL',
    );
    assert.deepEqual(
      { signal: run.signal, stdout: run.stdout },
      {
        signal: 'SIGKILL',
        stdout: 'non-stream: Hello world 11\nflushed (existing)\nready\n',
      },
    );
    assert.deepEqual(
      otlp.spans.map(s => [s.name, s.attributes]),
      [['chat gpt-4o', chatSpan('gpt-4o', 'gpt-4o-2024-08-06')]],
    );
    assert.deepEqual(
      otlp.points
        .map(p => [
          p.metric,
          p.attributes['gen_ai.token.type'] ?? '',
          (p.value as { count: number }).count,
        ])
        .sort(),
      [
        ['gen_ai.client.operation.duration', '', 1],
        ['gen_ai.client.token.usage', 'input', 1],
        ['gen_ai.client.token.usage', 'output', 1],
      ],
    );
  });

  void it("exports the latest conventions' counters and histograms of an app that ends with process.exit()", async () => {
    const app = join(FIXTURES, 'app-exit.mjs');
    const latest = env({
      OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental',
    });
    await sameExitWithRegister([app, 'exit', '7'], latest, 7);
    assert.deepEqual(
      otlp.points
        .map(p => [
          p.metric,
          p.attributes['gen_ai.token.modality'] ?? '',
          typeof p.value === 'number' ? p.value : p.value.count,
        ])
        .sort(),
      [
        ['gen_ai.client.inference.duration', '', 1],
        ['gen_ai.client.inference.operation.input_tokens', '', 1],
        ['gen_ai.client.inference.operation.output_tokens', '', 1],
        ['gen_ai.client.inference.usage.input_tokens', 'unknown', 9],
        ['gen_ai.client.inference.usage.output_tokens', 'unknown', 2],
      ],
    );
  });

  void it('exports the spans of an app that dies of an uncaught exception (http/protobuf, gzip), with the same stderr and exit code', async () => {
    const app = join(FIXTURES, 'app-exit.mjs');
    const settings = env({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-test-header=at-exit',
    });
    const without = await sameExitWithRegister([app, 'throw'], settings, 1);
    assert.match(without.stderr, /the app failed after its call/);
    // Two requests, sent by the 'exit' listener as configured: traces (with
    // their own header) and metrics.
    assert.deepEqual(
      otlp.contentTypes
        .map((type, i) => [type, otlp.encodings[i], otlp.testHeaders[i]])
        .sort(),
      [
        ['/v1/metrics application/x-protobuf', 'gzip', ''],
        ['/v1/traces application/x-protobuf', 'gzip', 'at-exit'],
      ],
    );
    assert.deepEqual(
      otlp.spans.map(s => [s.name, s.attributes]),
      [['chat gpt-4o', chatSpan('gpt-4o', 'gpt-4o-2024-08-06')]],
    );
  });

  void it('does not interfere when the collector is down and the app calls process.exit(): same stdout and exit code', async () => {
    const app = join(FIXTURES, 'app-exit.mjs');
    const down = env({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    await sameExitWithRegister([app, 'exit', '5'], down, 5);
  });

  void it('exports a call cut short by SIGTERM as cancelled, and still dies by SIGTERM', async () => {
    otlp.clear();
    const app = join(FIXTURES, 'app-midstream.mjs');
    const without = await runNode([app], env(), 30_000, 'SIGTERM');
    const withRegister = await runNode([...ESM, app], env(), 30_000, 'SIGTERM');
    assert.deepEqual(
      {
        code: withRegister.code,
        signal: withRegister.signal,
        stdout: withRegister.stdout,
      },
      { code: null, signal: 'SIGTERM', stdout: without.stdout },
    );
    assert.equal(without.stdout, 'first: Hi\nready\n');
    const span = otlp.spans.find(s => s.name === 'chat hang');
    assert.ok(span, 'the open call was exported');
    const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepEqual(span.attributes, {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'hang',
      'gen_ai.request.stream': true,
      'server.address': '127.0.0.1',
      'server.port': port(),
      'llm_otel.feature': 'unattributed',
      'llm_otel.attempt': 0,
      'gen_ai.response.id': 'chatcmpl-hang',
      'gen_ai.response.model': 'hang',
      // The choice never finished: 'error', as for any stream cut short.
      'gen_ai.response.finish_reasons': ['error'],
      'gen_ai.response.time_to_first_chunk': ttfc,
      'llm_otel.outcome': 'canceled',
    });
  });

  void it('keeps LLM spans the configured sampler drops, marked llm_otel.sampled=false', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({ OTEL_TRACES_SAMPLER: 'always_off' }),
    );
    assert.equal(run.code, 0);
    assert.deepEqual(
      otlp.spans.map(s => [s.name, s.attributes['llm_otel.sampled']]).sort(),
      [
        ['chat gpt-4o', false],
        ['chat gpt-4o-mini', false],
      ],
    );
  });

  void it('exports the latest metric names under OTEL_SEMCONV_STABILITY_OPT_IN', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app.mjs'), 'chat'],
      env({ OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental' }),
    );
    assert.equal(run.code, 0);
    const input = otlp.points
      .filter(p => p.metric === 'gen_ai.client.inference.usage.input_tokens')
      .map(p => [p.attributes['gen_ai.request.model'], p.value]);
    assert.deepEqual(input.sort(), [
      ['gpt-4o', 9],
      ['gpt-4o-mini', 11],
    ]);
    assert.deepEqual([...new Set(otlp.points.map(p => p.metric))].sort(), [
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
    ]);
  });

  void it('shares withFeature between the CJS copy and the ESM register', async () => {
    otlp.clear();
    const run = await runNode(
      [...ESM, join(FIXTURES, 'app-feature.cjs')],
      env(),
    );
    assert.deepEqual(
      { code: run.code, stdout: run.stdout },
      { code: 0, stdout: 'answer: Hello world\ndone\n' },
    );
    assert.deepEqual(
      otlp.spans.map(s => s.attributes['llm_otel.feature']),
      ['dreamer_deduction'],
    );
  });

  void it('joins an SDK the app registered first instead of starting a second one', async () => {
    otlp.clear();
    const run = await runNode(
      [
        '--import',
        join(FIXTURES, 'own-sdk.mjs'),
        ...ESM,
        join(FIXTURES, 'app.mjs'),
        'chat',
      ],
      env(),
    );
    assert.equal(run.code, 0);
    assert.deepEqual(otlp.spans, []);
    const spans = run.stderr
      .split('\n')
      .filter(line => line.startsWith('{'))
      .map(line => JSON.parse(line) as { name: string; scope: string });
    assert.deepEqual(spans.map(s => [s.name, s.scope]).sort(), [
      ['chat gpt-4o', '@x/llm-otel'],
      ['chat gpt-4o-mini', '@x/llm-otel'],
    ]);
  });
});
