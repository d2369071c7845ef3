// Test harness: a recorder on in-memory trace and metric exporters, plus a
// fake provider module whose facts each test chooses.

import { context } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type {
  ReadableSpan,
  Sampler,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type {
  ExchangeRecorder,
  OutgoingRequest,
} from '../../src/capture/exchange.js';
import { DEFAULT_CONFIG } from '../../src/config/resolved-config.js';
import type { ResolvedConfig } from '../../src/config/resolved-config.js';
import type { MatchedProvider } from '../../src/providers/registry.js';
import type {
  ProviderMatch,
  ProviderModule,
  RequestFacts,
  ResponseFacts,
  ResponseMeta,
} from '../../src/providers/types.js';
import { drainDeferredWork } from '../../src/telemetry/deferred-work.js';
import { createLlmRecorder } from '../../src/telemetry/llm-recorder.js';
import { preAggregatedMetrics } from '../../src/sdk/instrument-llm-calls.js';

let contextReady = false;
/** withFeature and parent spans need a real context manager. */
export function ensureContextManager(): void {
  if (contextReady) return;
  contextReady = true;
  context.setGlobalContextManager(
    new AsyncLocalStorageContextManager().enable(),
  );
}

export interface FakeBehaviour {
  match?: Partial<ProviderMatch>;
  /** Request facts returned by parseRequest; a function sees the body. */
  request?:
    RequestFacts | undefined | ((body: string) => RequestFacts | undefined);
  /** Response facts returned by finish(). */
  response?: (cut: boolean) => ResponseFacts;
  /** Output chunks per push: counts "data:" occurrences by default. */
  /** The parser's responseModel(), given the pushes so far; absent by default. */
  responseModel?: (pushes: number) => string | null | undefined;
}

export function fakeProvider(behaviour: FakeBehaviour): {
  match: (method: string, url: URL) => MatchedProvider | undefined;
  parsedBodies: string[];
  /** What each response parser was created with. */
  responseMetas: ResponseMeta[];
} {
  const parsedBodies: string[] = [];
  const responseMetas: ResponseMeta[] = [];
  const decoder = new TextDecoder();
  const module: ProviderModule = {
    match: () => undefined,
    parseRequest(_match, body) {
      const text =
        body === undefined
          ? ''
          : typeof body === 'string'
            ? body
            : decoder.decode(body);
      parsedBodies.push(text);
      const r = behaviour.request;
      if (typeof r === 'function') return r(text);
      return r;
    },
    createResponseParser(_match, _facts, meta) {
      responseMetas.push(meta);
      let pushes = 0;
      const model = behaviour.responseModel;
      return {
        push(chunk) {
          pushes++;
          return decoder.decode(chunk).split('data:').length - 1;
        },
        ...(model === undefined ? {} : { responseModel: () => model(pushes) }),
        finish(cut) {
          return behaviour.response?.(cut) ?? { complete: !cut };
        },
      };
    },
  };
  const match: ProviderMatch = {
    provider: 'openai',
    operation: 'chat',
    api: 'openai.chat',
    confirmByBody: false,
    ...behaviour.match,
  };
  return {
    match: (_method, url) =>
      url.pathname.includes('/v1/') ? { match, module } : undefined,
    parsedBodies,
    responseMetas,
  };
}

export interface Harness {
  recorder: ExchangeRecorder;
  spans(): ReadableSpan[];
  /** Spans exported so far, without running deferred recorder work. */
  exportedSoFar(): ReadableSpan[];
  /** Spans started and not ended, after the deferred work ran. */
  openSpans(): number;
  /** Metric name → data points (attributes and value), after a collection. */
  metrics(): Promise<Map<string, DataPoint<unknown>[]>>;
  tracerProvider: BasicTracerProvider;
  /** Log records (content events) emitted so far. */
  events(): readonly ReadableLogRecord[];
  shutdown(): Promise<void>;
}

export function createHarness(options: {
  config?: Partial<ResolvedConfig>;
  provider: ReturnType<typeof fakeProvider>['match'];
  sampler?: Sampler;
  /**
   * Where the metrics are aggregated: by our producer (default, on any
   * sdk-metrics MeterProvider without Views), or by the SDK (a provider
   * with Views, or not sdk-metrics').
   */
  aggregation?: 'pre-aggregated' | 'sdk';
}): Harness {
  const spanExporter = new InMemorySpanExporter();
  let open = 0;
  const openCounter: SpanProcessor = {
    onStart: () => void open++,
    onEnd: () => void open--,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter), openCounter],
    ...(options.sampler === undefined ? {} : { sampler: options.sampler }),
  });
  const metricExporter = new InMemoryMetricExporter(
    AggregationTemporality.CUMULATIVE,
  );
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
  });
  const config = { ...DEFAULT_CONFIG, ...options.config };
  const preAggregated =
    options.aggregation === 'sdk'
      ? undefined
      : preAggregatedMetrics(meterProvider);
  if (options.aggregation !== 'sdk' && preAggregated === undefined)
    throw new Error('no producer could be attached to the test MeterProvider');
  const recorder = createLlmRecorder({
    tracer: tracerProvider.getTracer('@x/llm-otel'),
    logger: loggerProvider.getLogger('@x/llm-otel'),
    meter: meterProvider.getMeter('@x/llm-otel'),
    config,
    match: options.provider,
    ...(preAggregated === undefined ? {} : { preAggregated }),
  });
  return {
    recorder,
    tracerProvider,
    // The recorder ends spans off the app's path: run that work first, as
    // a flush does.
    events: () => {
      drainDeferredWork();
      return logExporter.getFinishedLogRecords();
    },
    spans: () => {
      drainDeferredWork();
      return spanExporter.getFinishedSpans();
    },
    exportedSoFar: () => spanExporter.getFinishedSpans(),
    openSpans: () => {
      drainDeferredWork();
      return open;
    },
    async metrics() {
      drainDeferredWork();
      await meterProvider.forceFlush();
      const out = new Map<string, DataPoint<unknown>[]>();
      const last = metricExporter.getMetrics().at(-1);
      for (const scope of last?.scopeMetrics ?? [])
        for (const metric of scope.metrics)
          out.set(metric.descriptor.name, metric.dataPoints);
      return out;
    },
    async shutdown() {
      drainDeferredWork();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

export function request(
  overrides: Partial<OutgoingRequest> = {},
): OutgoingRequest {
  return {
    layer: 'fetch',
    method: 'POST',
    url: new URL('https://api.openai.com/v1/chat/completions'),
    headers: { 'content-type': 'application/json' },
    body: '{"model":"gpt-4o"}',
    startTime: performance.now(),
    ...overrides,
  };
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Data points reduced to what tests compare: attributes and value. */
export function points(
  list: DataPoint<unknown>[] | undefined,
): { attributes: Attributes; value: unknown }[] {
  return (list ?? []).map(p => ({
    attributes: p.attributes,
    value: isHistogram(p.value)
      ? { count: p.value.count, sum: p.value.sum }
      : p.value,
  }));
}

function isHistogram(value: unknown): value is Histogram {
  return typeof value === 'object' && value !== null && 'buckets' in value;
}
