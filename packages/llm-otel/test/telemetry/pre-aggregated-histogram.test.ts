import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { preAggregatedMetrics } from '../../src/sdk/instrument-llm-calls.js';
import { sdkMetricReaders } from '../../src/sdk/sdk-metric-readers.js';
import { PreAggregatedMetrics } from '../../src/telemetry/pre-aggregated-metrics.js';
import { oneReader, points } from './ours-beside-sdk.js';

const BOUNDARIES = [1, 2, 5];
const NAME = 'test.gap';

/** Our histogram and the SDK's, same name and buckets, on one reader. */
function setUp(temporality: AggregationTemporality, cardinalityLimit = 2000) {
  const { provider, collect } = oneReader(temporality, {
    histogram: cardinalityLimit,
  });
  const sdk = provider.getMeter('sdk').createHistogram(NAME, {
    unit: 's',
    description: 'gaps',
    advice: { explicitBucketBoundaries: BOUNDARIES },
  });
  const readers = sdkMetricReaders(provider);
  assert.equal(readers?.length, 1);
  const ours = new PreAggregatedMetrics(
    { name: 'ours', version: '1.0.0' },
    readers!,
  ).histogram({
    name: NAME,
    unit: 's',
    description: 'gaps',
    boundaries: BOUNDARIES,
  });
  return {
    ours,
    sdk,
    /** Records into both, through a series resolved once for ours. */
    series(attributes: Attributes) {
      const series = ours.series(attributes);
      return (value: number) => {
        sdk.record(value, attributes);
        series.record(value);
      };
    },
    /** Both metrics of the next collection, by scope name. */
    collect: () => collect(NAME),
  };
}

void describe('PreAggregatedHistogram', () => {
  void it('exports what the SDK histogram exports, cumulative, across collections', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    const a = t.series({ model: 'a', op: 'chat' });
    // The same attribute set in another key order is the same series.
    const a2 = t.series({ op: 'chat', model: 'a' });
    const b = t.series({ model: 'b', op: 'chat' });
    for (const v of [0, 1, 1.5, 2, 7]) a(v);
    a2(5);
    b(0.25);
    const first = await t.collect();
    assert.deepEqual(points(first['ours']), points(first['sdk']));
    assert.deepEqual(points(first['ours']), [
      {
        attributes: { model: 'a', op: 'chat' },
        value: {
          buckets: { boundaries: BOUNDARIES, counts: [2, 2, 1, 1] },
          sum: 16.5,
          count: 6,
          min: 0,
          max: 7,
        },
      },
      {
        attributes: { model: 'b', op: 'chat' },
        value: {
          buckets: { boundaries: BOUNDARIES, counts: [1, 0, 0, 0] },
          sum: 0.25,
          count: 1,
          min: 0.25,
          max: 0.25,
        },
      },
    ]);
    b(3);
    const second = await t.collect();
    assert.deepEqual(points(second['ours']), points(second['sdk']));
    assert.deepEqual(points(second['ours'])[1]!.value, {
      buckets: { boundaries: BOUNDARIES, counts: [1, 0, 1, 0] },
      sum: 3.25,
      count: 2,
      min: 0.25,
      max: 3,
    });
    assert.deepEqual(
      {
        descriptor: second['ours']!.descriptor,
        temporality: second['ours']!.aggregationTemporality,
        type: second['ours']!.dataPointType,
      },
      {
        descriptor: second['sdk']!.descriptor,
        temporality: second['sdk']!.aggregationTemporality,
        type: second['sdk']!.dataPointType,
      },
    );
  });

  void it('exports what the SDK histogram exports, delta: only what each interval recorded', async () => {
    const t = setUp(AggregationTemporality.DELTA);
    const a = t.series({ model: 'a' });
    const b = t.series({ model: 'b' });
    a(1);
    b(9);
    const first = await t.collect();
    assert.deepEqual(points(first['ours']), points(first['sdk']));
    assert.equal(points(first['ours']).length, 2);
    a(3);
    const second = await t.collect();
    assert.deepEqual(points(second['ours']), points(second['sdk']));
    assert.deepEqual(points(second['ours']), [
      {
        attributes: { model: 'a' },
        value: {
          buckets: { boundaries: BOUNDARIES, counts: [0, 0, 1, 0] },
          sum: 3,
          count: 1,
          min: 3,
          max: 3,
        },
      },
    ]);
    // An empty interval, then a series whose cell that interval dropped.
    const third = await t.collect();
    assert.deepEqual(third, {});
    b(0.5);
    const fourth = await t.collect();
    assert.deepEqual(points(fourth['ours']), points(fourth['sdk']));
    assert.deepEqual(points(fourth['ours']), [
      {
        attributes: { model: 'b' },
        value: {
          buckets: { boundaries: BOUNDARIES, counts: [1, 0, 0, 0] },
          sum: 0.5,
          count: 1,
          min: 0.5,
          max: 0.5,
        },
      },
    ]);
    const start = fourth['ours']!.dataPoints[0]!.startTime;
    const end = fourth['ours']!.dataPoints[0]!.endTime;
    assert.ok(start[0] < end[0] || (start[0] === end[0] && start[1] <= end[1]));
  });

  void it('folds series past the cardinality limit into otel.metric.overflow, as the SDK does', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE, 3);
    for (const model of ['a', 'b', 'c', 'd']) t.series({ model })(1);
    const out = await t.collect();
    assert.deepEqual(points(out['ours']), points(out['sdk']));
    assert.deepEqual(
      points(out['ours']).map(p => [
        p.attributes,
        (p.value as { count: number }).count,
      ]),
      [
        [{ model: 'a' }, 1],
        [{ model: 'b' }, 1],
        [{ 'otel.metric.overflow': true }, 2],
      ],
    );
  });

  void it('drops negative values, as the SDK does for histograms', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    const a = t.series({ model: 'a' });
    a(-1);
    a(2);
    const out = await t.collect();
    assert.deepEqual(points(out['ours']), points(out['sdk']));
    assert.equal((points(out['ours'])[0]!.value as { count: number }).count, 1);
  });

  void it('records by a key the caller gives, reading the attributes only for a new series', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    const a = { model: 'a' };
    const b = { model: 'b' };
    let built = 0;
    const lazyA = () => {
      built++;
      return a;
    };
    for (const [value, key, attributes] of [
      [1, 'A', lazyA],
      [2, 'A', lazyA],
      [3, 'B', b],
      [7, 'A', lazyA],
    ] as const) {
      t.ours.record(value, key, attributes);
      t.sdk.record(value, typeof attributes === 'function' ? a : attributes);
    }
    const out = await t.collect();
    assert.deepEqual(points(out['ours']), points(out['sdk']));
    assert.deepEqual(
      points(out['ours']).map(p => p.value),
      [
        {
          buckets: { boundaries: BOUNDARIES, counts: [1, 1, 0, 1] },
          sum: 10,
          count: 3,
          min: 1,
          max: 7,
        },
        {
          buckets: { boundaries: BOUNDARIES, counts: [0, 0, 1, 0] },
          sum: 3,
          count: 1,
          min: 3,
          max: 3,
        },
      ],
    );
    assert.equal(built, 1);
  });

  void it('gives a series resolved with a key the cell record() finds by that key', async () => {
    const t = setUp(AggregationTemporality.CUMULATIVE);
    const a = { model: 'a' };
    t.ours.series(a, 'K').record(1);
    t.ours.record(2, 'K', a);
    assert.deepEqual(points((await t.collect())['ours']), [
      {
        attributes: a,
        value: {
          buckets: { boundaries: BOUNDARIES, counts: [1, 1, 0, 0] },
          sum: 3,
          count: 2,
          min: 1,
          max: 2,
        },
      },
    ]);
  });

  void it('attaches one producer per provider, however often recording is installed, exporting every histogram in one scope block', async () => {
    const exporter = new InMemoryMetricExporter(
      AggregationTemporality.CUMULATIVE,
    );
    const provider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: 3_600_000,
        }),
      ],
    });
    const spec = (name: string) => ({
      name,
      unit: 's',
      description: name,
      boundaries: BOUNDARIES,
    });
    const first = preAggregatedMetrics(provider)!;
    const again = preAggregatedMetrics(provider)!;
    first.histogram(spec('gaps')).series({ model: 'a' }).record(1);
    again.histogram(spec('gaps')).series({ model: 'a' }).record(2);
    again.histogram(spec('duration')).record(3, 'k', { model: 'a' });
    await provider.forceFlush();
    const exported = exporter
      .getMetrics()
      .at(-1)!
      .scopeMetrics.map(scope =>
        scope.metrics.map(m => [
          m.descriptor.name,
          points(m).map(p => (p.value as { count: number }).count),
        ]),
      );
    assert.deepEqual(exported, [
      [
        ['gaps', [2]],
        ['duration', [1]],
      ],
    ]);
  });

  void it('finds no readers on a provider that is not an sdk-metrics MeterProvider', () => {
    assert.equal(sdkMetricReaders({}), undefined);
    assert.equal(sdkMetricReaders(undefined), undefined);
    assert.equal(
      sdkMetricReaders({ _sharedState: { metricCollectors: [{}] } }),
      undefined,
    );
    assert.equal(sdkMetricReaders(new MeterProvider()), undefined);
  });

  void it('finds no readers on a MeterProvider with Views, which a producer would bypass', () => {
    const reader = () =>
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA),
      });
    const withViews = new MeterProvider({
      readers: [reader()],
      views: [{ instrumentName: 'x', name: 'y' }],
    });
    const without = new MeterProvider({ readers: [reader(), reader()] });
    assert.deepEqual(
      {
        withViews: sdkMetricReaders(withViews),
        without: sdkMetricReaders(without)?.map(r => r.preferences),
      },
      {
        withViews: undefined,
        without: [0, 1].map(() => ({
          histogram: {
            temporality: AggregationTemporality.DELTA,
            cardinalityLimit: 2000,
          },
          counter: {
            temporality: AggregationTemporality.DELTA,
            cardinalityLimit: 2000,
          },
        })),
      },
    );
  });
});

void describe('PreAggregatedMetrics.collectForExit', () => {
  void it("collects now, synchronously, what the OTLP reader's next export would carry", async () => {
    const otlp = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({
        url: 'http://127.0.0.1:1/v1/metrics',
      }),
      exportIntervalMillis: 3_600_000,
    });
    const memory = new PeriodicExportingMetricReader({
      exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA),
      exportIntervalMillis: 3_600_000,
    });
    const provider = new MeterProvider({ readers: [memory, otlp] });
    const readers = sdkMetricReaders(provider)!;
    assert.deepEqual(
      readers.map(r => r.exportsOtlp),
      [false, true],
    );
    const metrics = new PreAggregatedMetrics(
      { name: 'ours', version: '1.0.0' },
      readers,
    );
    const series = metrics
      .histogram({
        name: NAME,
        unit: 's',
        description: 'gaps',
        boundaries: BOUNDARIES,
      })
      .series({ 'llm_otel.feature': 'f' });
    series.record(1.5);
    series.record(7);
    const [scope] = metrics.collectForExit();
    assert.deepEqual(
      {
        scope: scope?.scope,
        names: scope?.metrics.map(m => m.descriptor.name),
        points: points(scope?.metrics[0]),
      },
      {
        scope: { name: 'ours', version: '1.0.0' },
        names: [NAME],
        points: [
          {
            attributes: { 'llm_otel.feature': 'f' },
            value: {
              buckets: { boundaries: BOUNDARIES, counts: [0, 1, 0, 1] },
              sum: 8.5,
              count: 2,
              min: 1.5,
              max: 7,
            },
          },
        ],
      },
    );
    assert.deepEqual(
      new PreAggregatedMetrics({ name: 'none' }, [
        readers[0]!,
      ]).collectForExit(),
      [],
    );
    await provider.shutdown().catch(() => undefined);
  });
});
