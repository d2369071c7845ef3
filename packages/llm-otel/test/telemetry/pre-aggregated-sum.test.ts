import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { sdkMetricReaders } from '../../src/sdk/sdk-metric-readers.js';
import { PreAggregatedMetrics } from '../../src/telemetry/pre-aggregated-metrics.js';
import { oneReader, points } from './ours-beside-sdk.js';

const NAME = 'test.tokens';

/** Our sum and the SDK's counter, same name, on one reader. */
function setUp(temporality: AggregationTemporality, cardinalityLimit = 2000) {
  const { provider, collect } = oneReader(temporality, {
    counter: cardinalityLimit,
  });
  const sdk = provider
    .getMeter('sdk')
    .createCounter(NAME, { unit: '{token}', description: 'tokens' });
  const ours = new PreAggregatedMetrics(
    { name: 'ours', version: '1.0.0' },
    sdkMetricReaders(provider)!,
  ).sum({ name: NAME, unit: '{token}', description: 'tokens' });
  return {
    /** Adds to both; ours keyed by the JSON of the set. */
    add(value: number, attributes: Attributes) {
      sdk.add(value, attributes);
      ours.add(value, JSON.stringify(attributes), attributes);
    },
    ours,
    /** Both metrics of the next collection, by scope name. */
    collect: () => collect(NAME),
  };
}

/** What describes a metric, besides its points. */
function shape(metric: MetricData | undefined) {
  return metric === undefined
    ? undefined
    : {
        descriptor: metric.descriptor,
        temporality: metric.aggregationTemporality,
        type: metric.dataPointType,
        monotonic: 'isMonotonic' in metric ? metric.isMonotonic : undefined,
      };
}

void describe('PreAggregatedSum', () => {
  void it('exports what the SDK counter exports, cumulative, a zero add included', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    t.add(12, { model: 'a' });
    t.add(0, { model: 'b' });
    t.add(5, { model: 'a' });
    const first = await t.collect();
    assert.deepEqual(points(first['ours']), points(first['sdk']));
    assert.deepEqual(points(first['ours']), [
      { attributes: { model: 'a' }, value: 17 },
      { attributes: { model: 'b' }, value: 0 },
    ]);
    assert.deepEqual(shape(first['ours']), shape(first['sdk']));
    t.add(3, { model: 'b' });
    const second = await t.collect();
    assert.deepEqual(points(second['ours']), points(second['sdk']));
    assert.deepEqual(points(second['ours']), [
      { attributes: { model: 'a' }, value: 17 },
      { attributes: { model: 'b' }, value: 3 },
    ]);
  });

  void it('exports what the SDK counter exports, delta: only what each interval added', async () => {
    const t = setUp(AggregationTemporality.DELTA);
    t.add(4, { model: 'a' });
    t.add(9, { model: 'b' });
    const first = await t.collect();
    assert.deepEqual(points(first['ours']), points(first['sdk']));
    assert.deepEqual(shape(first['ours']), shape(first['sdk']));
    t.add(2, { model: 'a' });
    const second = await t.collect();
    assert.deepEqual(points(second['ours']), points(second['sdk']));
    assert.deepEqual(points(second['ours']), [
      { attributes: { model: 'a' }, value: 2 },
    ]);
    assert.deepEqual(await t.collect(), {});
    t.add(0, { model: 'b' });
    const fourth = await t.collect();
    assert.deepEqual(points(fourth['ours']), points(fourth['sdk']));
    assert.deepEqual(points(fourth['ours']), [
      { attributes: { model: 'b' }, value: 0 },
    ]);
  });

  void it('folds series past the cardinality limit into otel.metric.overflow and drops negative values, as the SDK does', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE, 3);
    for (const model of ['a', 'b', 'c', 'd']) t.add(1, { model });
    t.add(-5, { model: 'a' });
    const out = await t.collect();
    assert.deepEqual(points(out['ours']), points(out['sdk']));
    assert.deepEqual(points(out['ours']), [
      { attributes: { model: 'a' }, value: 1 },
      { attributes: { model: 'b' }, value: 1 },
      { attributes: { 'otel.metric.overflow': true }, value: 2 },
    ]);
  });

  void it('reads the attributes only for a new series', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    let built = 0;
    const lazy = () => {
      built++;
      return { model: 'a' };
    };
    t.ours.add(1, 'A', lazy);
    t.ours.add(2, 'A', lazy);
    assert.deepEqual(points((await t.collect())['ours']), [
      { attributes: { model: 'a' }, value: 3 },
    ]);
    assert.equal(built, 1);
  });

  void it('is collected at exit with the histograms, for the OTLP reader', async () => {
    const otlp = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({
        url: 'http://127.0.0.1:1/v1/metrics',
      }),
      exportIntervalMillis: 3_600_000,
    });
    const provider = new MeterProvider({ readers: [otlp] });
    const metrics = new PreAggregatedMetrics(
      { name: 'ours' },
      sdkMetricReaders(provider)!,
    );
    metrics
      .histogram({ name: 'h', unit: 's', description: 'h', boundaries: [1] })
      .record(0.5, 'k', { model: 'a' });
    metrics
      .sum({ name: NAME, unit: '{token}', description: 'tokens' })
      .add(7, 'k', { model: 'a' });
    const [scope] = metrics.collectForExit();
    assert.deepEqual(
      scope?.metrics.map(m => [m.descriptor.name, points(m)]),
      [
        [
          'h',
          [
            {
              attributes: { model: 'a' },
              value: {
                buckets: { boundaries: [1], counts: [1, 0] },
                sum: 0.5,
                count: 1,
                min: 0.5,
                max: 0.5,
              },
            },
          ],
        ],
        [NAME, [{ attributes: { model: 'a' }, value: 7 }]],
      ],
    );
    await provider.shutdown().catch(() => undefined);
  });
});
