// End to end: spans following collector/CONTRACT.md → the real Collector (ocb build of
// collector/ocb/manifest.yaml, config collector/otelcol.yaml) → the real Prometheus 3 and
// Jaeger v2, all started on loopback with the shipped config files.
//   bash collector/build/build-backends.sh && npm run test:e2e
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { findTraces } from './backends/jaeger-client.js';
import {
  promExemplars,
  promQuery,
  promQueryEventually,
} from './backends/prometheus-client.js';
import type { Sample } from './backends/prometheus-client.js';
import { startBackends } from './backends/start-backends.js';
import type { Backends } from './backends/start-backends.js';
import { CALLS } from './scenario/llm-calls.js';
import { addTo, costOf, expectedMetrics } from './scenario/expected-metrics.js';
import { sendContractSpans } from './synthetic/send-contract-spans.js';
import type { SentCall } from './synthetic/send-contract-spans.js';

const expected = expectedMetrics(CALLS);

function asMap(samples: Sample[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of samples) addTo(m, { ...s.labels }, s.value);
  return m;
}

function sorted(m: Map<string, number>): [string, number][] {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Same keys; values equal to within `tolerance`. */
function assertClose(
  actual: Map<string, number>,
  want: Map<string, number>,
  tolerance: number,
  what: string,
): void {
  assert.deepEqual(
    [...actual.keys()].sort(),
    [...want.keys()].sort(),
    `${what}: label sets`,
  );
  for (const [k, v] of want) {
    const got = actual.get(k)!;
    assert.ok(
      Math.abs(got - v) <= tolerance,
      `${what} ${k}: got ${got}, want ${v}`,
    );
  }
}

async function exactMetricsFor(b: Backends, service: string): Promise<void> {
  const sel = `service_name="${service}"`;
  const calls = await promQueryEventually(
    b.prometheusUrl,
    `sum by (feature, provider, model, operation, outcome) (llm_calls_total{${sel}})`,
    s => sorted(asMap(s)).join() === sorted(expected.calls).join(),
  );
  assert.deepEqual(
    sorted(asMap(calls)),
    sorted(expected.calls),
    `llm_calls_total\n${b.logs()}`,
  );

  const tokens = await promQueryEventually(
    b.prometheusUrl,
    `sum by (feature, model, token_type) (llm_tokens_total{${sel}})`,
    s => sorted(asMap(s)).join() === sorted(expected.tokens).join(),
  );
  assert.deepEqual(
    sorted(asMap(tokens)),
    sorted(expected.tokens),
    'llm_tokens_total',
  );

  const cost = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model) (llm_cost_usd_total{${sel}})`,
  );
  assertClose(asMap(cost), expected.cost, 1e-9, 'llm_cost_usd_total');

  const unpriced = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model) (llm_unpriced_calls_total{${sel}})`,
  );
  assert.deepEqual(
    sorted(asMap(unpriced)),
    sorted(expected.unpriced),
    'llm_unpriced_calls_total',
  );

  const outcomes = await promQuery(
    b.prometheusUrl,
    `sum by (outcome) (llm_calls_total{${sel}})`,
  );
  assert.deepEqual(
    sorted(asMap(outcomes)),
    sorted(expected.outcomes),
    'error classes',
  );

  const ttft = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model) (llm_ttft_seconds_count{${sel}})`,
  );
  assert.deepEqual(
    sorted(asMap(ttft)),
    sorted(expected.ttftCount),
    'llm_ttft_seconds_count',
  );
  // 3 streams at 0.3 s and 2 at 0.6 s.
  const ttftBuckets = await promQuery(
    b.prometheusUrl,
    `sum by (le) (llm_ttft_seconds_bucket{${sel}})`,
  );
  assert.deepEqual(
    Object.fromEntries(ttftBuckets.map(s => [s.labels['le'], s.value])),
    {
      '0.05': 0,
      '0.1': 0,
      '0.25': 0,
      '0.5': 3,
      '1': 5,
      '2': 5,
      '4': 5,
      '8': 5,
      '15': 5,
      '30': 5,
      '+Inf': 5,
    },
    'llm_ttft_seconds_bucket',
  );

  const retries = await promQuery(
    b.prometheusUrl,
    `sum by (feature, model, outcome) (llm_retries_total{${sel}})`,
  );
  assert.deepEqual(
    sorted(asMap(retries)),
    sorted(expected.retries),
    'llm_retries_total',
  );

  const durationCount = await promQuery(
    b.prometheusUrl,
    `sum(llm_duration_seconds_count{${sel}})`,
  );
  assert.deepEqual(
    durationCount.map(s => s.value),
    [expected.durationCount],
    'llm_duration_seconds_count',
  );
}

async function storedTraces(
  b: Backends,
  service: string,
  want: number,
): Promise<
  Map<
    string,
    Awaited<ReturnType<typeof findTraces>> extends Map<string, infer V>
      ? V
      : never
  >
> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const traces = await findTraces(b.tracesQueryUrl, service);
    if (traces.size >= want || Date.now() > deadline) return traces;
    await new Promise(r => setTimeout(r, 500));
  }
}

async function exemplarsPointAtStoredTraces(
  b: Backends,
  service: string,
  kept: Set<string>,
): Promise<void> {
  let exemplars = await promExemplars(
    b.prometheusUrl,
    `llm_duration_seconds_bucket{service_name="${service}"}`,
  );
  const deadline = Date.now() + 15_000;
  while (exemplars.length === 0 && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 500));
    exemplars = await promExemplars(
      b.prometheusUrl,
      `llm_duration_seconds_bucket{service_name="${service}"}`,
    );
  }
  assert.ok(exemplars.length > 0, 'an exemplar on llm_duration_seconds');
  for (const e of exemplars) {
    const id = e.labels['trace_id'];
    assert.ok(
      id !== undefined && kept.has(id),
      `exemplar trace ${String(id)} is a stored trace`,
    );
  }
}

void describe(
  'collector pipeline end to end (real Collector, Prometheus, Jaeger)',
  { timeout: 240_000 },
  () => {
    let b: Backends;
    before(async () => {
      b = await startBackends();
    });
    after(async () => {
      await b?.stop();
    });

    void test('every span sampled: exact calls, tokens, cost, error classes, TTFT, unpriced, retries; cost on the stored trace; exemplars', async () => {
      const service = 'e2e-all-sampled';
      const sent = await sendContractSpans(CALLS, {
        otlpHttpUrl: b.otlpHttpUrl,
        serviceName: service,
        keepEvery: 1,
      });
      await exactMetricsFor(b, service);

      const traces = await storedTraces(b, service, sent.length);
      assert.equal(traces.size, sent.length, 'one stored trace per call');
      // A trace found by its gen_ai attributes carries its cost.
      const gpt4o = await findTraces(b.tracesQueryUrl, service, {
        'gen_ai.request.model': 'gpt-4o',
        'llm_otel.feature': 'summarize',
      });
      assert.equal(gpt4o.size, 3);
      const summarize = CALLS[0]!;
      for (const spans of gpt4o.values()) {
        assert.equal(spans.length, 1);
        const tags = spans[0]!.tags;
        assert.ok(
          Math.abs(Number(tags['llm_otel.cost.usd']) - costOf(summarize)!) <
            1e-12,
          `cost tag ${String(tags['llm_otel.cost.usd'])}`,
        );
        assert.equal(tags['llm_otel.cost.priced'], true);
        assert.equal(typeof tags['llm_otel.price.version'], 'string');
      }
      const unpriced = await findTraces(b.tracesQueryUrl, service, {
        'gen_ai.request.model': 'my-finetune-v7',
      });
      for (const spans of unpriced.values()) {
        assert.equal(spans[0]!.tags['llm_otel.cost.priced'], false);
        assert.equal(spans[0]!.tags['llm_otel.cost.usd'], undefined);
      }
      // Normalised legacy span: gen_ai.system → gen_ai.provider.name, prompt_tokens → input_tokens.
      const legacy = await findTraces(b.tracesQueryUrl, service, {
        'gen_ai.request.model': 'gemini-2.0-flash',
      });
      const legacyTags = [...legacy.values()][0]![0]!.tags;
      assert.deepEqual(
        [
          legacyTags['gen_ai.provider.name'],
          legacyTags['gen_ai.usage.input_tokens'],
          legacyTags['gen_ai.system'],
          legacyTags['gen_ai.usage.prompt_tokens'],
        ],
        ['gcp.gemini', 300, undefined, undefined],
      );
      await exemplarsPointAtStoredTraces(
        b,
        service,
        new Set(sent.map(s => s.traceId)),
      );
    });

    void test('10% trace sampling: the same metric values; only kept traces stored; exemplars point only at kept traces', async () => {
      const service = 'e2e-sampled-10pct';
      const sent: SentCall[] = await sendContractSpans(CALLS, {
        otlpHttpUrl: b.otlpHttpUrl,
        serviceName: service,
        keepEvery: 10,
      });
      const kept = new Set(sent.filter(s => s.kept).map(s => s.traceId));
      assert.equal(kept.size, Math.ceil(sent.length / 10));
      await exactMetricsFor(b, service);

      const traces = await storedTraces(b, service, kept.size);
      assert.deepEqual(
        [...traces.keys()].sort(),
        [...kept].sort(),
        'only the kept traces reach the trace store',
      );
      await exemplarsPointAtStoredTraces(b, service, kept);
    });

    void test('of gen_ai spans only model calls count: not agent, step or tool spans, not superseded ones', async () => {
      const service = 'e2e-agent-spans';
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        spanProcessors: [
          new SimpleSpanProcessor(
            new OTLPTraceExporter({ url: `${b.otlpHttpUrl}/v1/traces` }),
          ),
        ],
      });
      const model = {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
      };
      // What an agent framework with its own telemetry (Vercel ai 7) sends
      // around one model call, beside our span of that call.
      const framework = provider.getTracer('gen_ai');
      for (const operation of [
        'invoke_agent',
        'agent_step',
        'execute_tool',
        'create_agent',
        'decide',
      ])
        framework
          .startSpan(operation, {
            attributes: { ...model, 'gen_ai.operation.name': operation },
          })
          .end();
      framework
        .startSpan('chat gpt-4o-mini', {
          attributes: {
            ...model,
            'gen_ai.operation.name': 'chat',
            'llm_otel.superseded': true,
          },
        })
        .end();
      provider
        .getTracer('@x/llm-otel')
        .startSpan('chat gpt-4o-mini', {
          kind: SpanKind.CLIENT,
          attributes: {
            ...model,
            'gen_ai.operation.name': 'chat',
            'llm_otel.feature': 'agent',
            'llm_otel.outcome': 'success',
          },
        })
        .end();
      await provider.forceFlush();
      await provider.shutdown();
      const calls = await promQueryEventually(
        b.prometheusUrl,
        `sum by (feature, operation) (llm_calls_total{service_name="${service}"})`,
        s => s.length > 0 && s.every(x => x.value > 0),
      );
      assert.deepEqual(calls, [
        { labels: { feature: 'agent', operation: 'chat' }, value: 1 },
      ]);
    });

    void test('an OpenLLMetry span (collector/testdata/otlp) is normalised, priced and counted like ours', async () => {
      const service = 'e2e-openllmetry';
      const now = BigInt(Date.now()) * 1_000_000n;
      const body = readFileSync(
        new URL(
          '../../collector/testdata/otlp/openllmetry-anthropic-span.json',
          import.meta.url,
        ),
        'utf8',
      )
        .replace('TESTDATA_SERVICE', service)
        .replace('START_NS', String(now - 800_000_000n))
        .replace('END_NS', String(now));
      const res = await fetch(`${b.otlpHttpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(res.status, 200, await res.text());

      const traces = await storedTraces(b, service, 1);
      const tags = [...traces.values()][0]![0]!.tags;
      // 1500 input incl. 1000 cache read + 200 cache write; claude-3-5-haiku: 0.8 / 0.08 / 1.0 / 4.0 per 1M
      const cost = (300 * 0.8 + 1000 * 0.08 + 200 * 1 + 120 * 4) / 1e6;
      assert.deepEqual(
        {
          provider: tags['gen_ai.provider.name'],
          operation: tags['gen_ai.operation.name'],
          input: tags['gen_ai.usage.input_tokens'],
          output: tags['gen_ai.usage.output_tokens'],
          cacheRead: tags['gen_ai.usage.cache_read.input_tokens'],
          cacheWrite: tags['gen_ai.usage.cache_creation.input_tokens'],
          legacy: [
            tags['gen_ai.system'],
            tags['gen_ai.usage.prompt_tokens'],
            tags['gen_ai.usage.cache_read_input_tokens'],
          ],
          outcome: tags['llm_otel.outcome'],
          feature: tags['llm_otel.feature'],
          priced: tags['llm_otel.cost.priced'],
        },
        {
          provider: 'anthropic',
          operation: 'chat',
          input: 1500,
          output: 120,
          cacheRead: 1000,
          cacheWrite: 200,
          legacy: [undefined, undefined, undefined],
          outcome: 'success',
          feature: 'unattributed',
          priced: true,
        },
      );
      assert.ok(
        Math.abs(Number(tags['llm_otel.cost.usd']) - cost) < 1e-12,
        `cost ${String(tags['llm_otel.cost.usd'])}`,
      );

      const tokens = await promQueryEventually(
        b.prometheusUrl,
        `sum by (token_type) (llm_tokens_total{service_name="${service}"})`,
        s => s.length === 4,
      );
      assert.deepEqual(
        Object.fromEntries(tokens.map(t => [t.labels['token_type'], t.value])),
        {
          cache_read: 1000,
          cache_write: 200,
          input: 1500,
          output: 120,
        },
      );
      const calls = await promQueryEventually(
        b.prometheusUrl,
        `sum by (feature, provider, model, outcome) (llm_calls_total{service_name="${service}"})`,
        s => s.length > 0 && s.every(x => x.value > 0),
      );
      assert.deepEqual(calls, [
        {
          labels: {
            feature: 'unattributed',
            model: 'claude-3-5-haiku-20241022',
            outcome: 'success',
            provider: 'anthropic',
          },
          value: 1,
        },
      ]);
    });
  },
);
