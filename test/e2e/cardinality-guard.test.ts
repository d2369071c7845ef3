// The cardinality guard of collector/otelcol.yaml against the real Collector and Prometheus:
// malformed label values collapse to `_invalid`; past the span_metrics limit (lowered to 3
// here through LLM_OTEL_CARDINALITY_LIMIT) new label sets overflow into one series, and
// the total stays exact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  promQuery,
  promQueryEventually,
} from './backends/prometheus-client.js';
import { startBackends } from './backends/start-backends.js';
import type { Backends } from './backends/start-backends.js';
import type { CallSpec } from './scenario/llm-calls.js';
import { sendContractSpans } from './synthetic/send-contract-spans.js';

const call = (feature: string, requestModel = 'gpt-4o'): CallSpec => ({
  count: 1,
  feature,
  provider: 'openai',
  operation: 'chat',
  requestModel,
  outcome: 'success',
  usage: { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 1 },
  durationS: 0.5,
});

void describe(
  'cardinality guard (real Collector, Prometheus, Jaeger)',
  { timeout: 120_000 },
  () => {
    let b: Backends;
    before(async () => {
      b = await startBackends({
        collectorEnv: { LLM_OTEL_CARDINALITY_LIMIT: '3' },
      });
    });
    after(async () => {
      await b?.stop();
    });

    void test('malformed feature and model values become _invalid', async () => {
      const service = 'guard-shape';
      await sendContractSpans(
        [call('Bad Feature!! <script>', `gpt-${'x'.repeat(200)}`)],
        {
          otlpHttpUrl: b.otlpHttpUrl,
          serviceName: service,
          keepEvery: 1,
        },
      );
      const calls = await promQueryEventually(
        b.prometheusUrl,
        `sum by (feature, model) (llm_calls_total{service_name="${service}"})`,
        s => s.length > 0 && s.every(x => x.value > 0),
      );
      assert.deepEqual(calls, [
        { labels: { feature: '_invalid', model: '_invalid' }, value: 1 },
      ]);
      const tokens = await promQuery(
        b.prometheusUrl,
        `sum by (feature, model) (llm_tokens_total{service_name="${service}"})`,
      );
      assert.deepEqual(tokens, [
        { labels: { feature: '_invalid', model: '_invalid' }, value: 11 },
      ]);
    });

    void test('past the limit, calls overflow into one otel_metric_overflow series and the total stays exact', async () => {
      const service = 'guard-overflow';
      const features = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
      await sendContractSpans(
        features.map(f => call(f)),
        { otlpHttpUrl: b.otlpHttpUrl, serviceName: service, keepEvery: 1 },
      );
      const total = await promQueryEventually(
        b.prometheusUrl,
        `sum(llm_calls_total{service_name="${service}"})`,
        s => s.length === 1 && s[0]!.value === features.length,
      );
      assert.deepEqual(
        total.map(s => s.value),
        [features.length],
      );
      const kept = await promQuery(
        b.prometheusUrl,
        `count(llm_calls_total{service_name="${service}", otel_metric_overflow=""})`,
      );
      assert.deepEqual(
        kept.map(s => s.value),
        [3],
      );
      const overflow = await promQuery(
        b.prometheusUrl,
        `sum by (otel_metric_overflow) (llm_calls_total{service_name="${service}", otel_metric_overflow="true"})`,
      );
      assert.deepEqual(overflow, [
        { labels: { otel_metric_overflow: 'true' }, value: 3 },
      ]);
    });
  },
);
