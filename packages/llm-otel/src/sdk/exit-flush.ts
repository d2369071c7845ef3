// A flush for an exit that cannot wait: process.exit() from the app, or an
// uncaught exception. Node runs 'exit' listeners synchronously and then
// ends the process, so the exporters' asynchronous sends never happen: the
// spans the batch processor still holds (every span of the last few
// seconds) and the metrics of the last interval would be lost, and a short
// script that ends with process.exit() exported nothing. Here they are
// serialized as the configured OTLP/HTTP exporters would and posted from a
// worker thread while this thread waits, within the flush bound
// (post-sync.ts). Metrics are our pre-aggregated histograms (every gen_ai
// histogram under register); instruments the SDK aggregates (the latest
// conventions' token counters) are not.

import { gzipSync } from 'node:zlib';
import {
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import { diagOnce } from '../telemetry/diag-once.js';
import { drainDeferredWork } from '../telemetry/deferred-work.js';
import { attachedPreAggregated } from './instrument-llm-calls.js';
import { otlpExportTarget } from './otlp-export-target.js';
import type { OtlpExportTarget } from './otlp-export-target.js';
import { pendingOtlpSpans } from './pending-spans.js';
import { settledResource, withSettledResources } from './settled-resource.js';
import { postSync } from './post-sync.js';
import type { SyncPost, SyncPostOutcome } from './post-sync.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface ExitFlushSources {
  readonly tracerProvider: unknown;
  readonly meterProvider: unknown;
  readonly env: Env;
}

/** What one signal's export at exit came to; for tests and the diag message. */
export type SignalFlush =
  | { readonly kind: 'nothing-pending' }
  | { readonly kind: 'not-otlp-http' }
  | ({ readonly items: number } & SyncPostOutcome);

export interface ExitFlush {
  readonly traces: SignalFlush;
  readonly metrics: SignalFlush;
}

function describe(outcome: SyncPostOutcome): string {
  switch (outcome.kind) {
    case 'sent':
      return 'sent';
    case 'rejected':
      return `the collector answered ${outcome.status}`;
    case 'failed':
      return outcome.reason;
    case 'timeout':
      return 'no answer within the flush bound';
  }
}

function post(target: OtlpExportTarget, serialized: Uint8Array): SyncPost {
  const json = target.protocol === 'http/json';
  return {
    url: target.url,
    headers: {
      ...target.headers,
      'Content-Type': json ? 'application/json' : 'application/x-protobuf',
      ...(target.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
    body: target.gzip ? gzipSync(serialized) : serialized,
    tls: target.tls,
  };
}

/** The meter provider's resource (sdk-metrics keeps it in its shared state). */
function meterResource(meterProvider: unknown): Resource | undefined {
  const resource = (
    meterProvider as { _sharedState?: { resource?: unknown } } | null
  )?._sharedState?.resource;
  const shaped = resource as Partial<Resource> | undefined;
  return typeof shaped?.getRawAttributes === 'function'
    ? (resource as Resource)
    : undefined;
}

interface Prepared {
  readonly items: number;
  readonly post: SyncPost;
}

function prepareTraces(sources: ExitFlushSources): Prepared | SignalFlush {
  const spans = pendingOtlpSpans(sources.tracerProvider);
  if (spans.length === 0) return { kind: 'nothing-pending' };
  const target = otlpExportTarget(sources.env, 'TRACES');
  if (target === undefined) return { kind: 'not-otlp-http' };
  const serializer =
    target.protocol === 'http/json'
      ? JsonTraceSerializer
      : ProtobufTraceSerializer;
  const bytes = serializer.serializeRequest(withSettledResources(spans));
  if (bytes === undefined) return { kind: 'nothing-pending' };
  return { items: spans.length, post: post(target, bytes) };
}

function prepareMetrics(sources: ExitFlushSources): Prepared | SignalFlush {
  const ours = attachedPreAggregated(sources.meterProvider);
  const resource = meterResource(sources.meterProvider);
  if (ours === undefined || resource === undefined)
    return { kind: 'nothing-pending' };
  const target = otlpExportTarget(sources.env, 'METRICS');
  if (target === undefined) return { kind: 'not-otlp-http' };
  const scopeMetrics = ours.collectForExit();
  const points = scopeMetrics.reduce(
    (n, s) =>
      n + s.metrics.reduce((m, metric) => m + metric.dataPoints.length, 0),
    0,
  );
  if (points === 0) return { kind: 'nothing-pending' };
  const serializer =
    target.protocol === 'http/json'
      ? JsonMetricsSerializer
      : ProtobufMetricsSerializer;
  const bytes = serializer.serializeRequest({
    resource: settledResource(resource),
    scopeMetrics,
  });
  if (bytes === undefined) return { kind: 'nothing-pending' };
  return { items: points, post: post(target, bytes) };
}

function prepared(value: Prepared | SignalFlush): value is Prepared {
  return 'post' in value;
}

/**
 * Sends the spans still waiting for the OTLP exporter and our histograms'
 * last interval, blocking for at most `timeoutMillis`. Never throws.
 */
export function flushAtExit(
  sources: ExitFlushSources,
  timeoutMillis: number,
): ExitFlush {
  try {
    // Calls that ended this turn still wait for their setImmediate.
    drainDeferredWork();
    const traces = prepareTraces(sources);
    const metrics = prepareMetrics(sources);
    const sends = [traces, metrics].filter(prepared);
    const outcomes = postSync(
      sends.map(s => s.post),
      timeoutMillis,
    );
    const result = (
      signal: Prepared | SignalFlush,
      name: string,
    ): SignalFlush => {
      if (!prepared(signal)) return signal;
      const outcome = outcomes[sends.indexOf(signal)] ?? { kind: 'timeout' };
      if (outcome.kind !== 'sent')
        diagOnce(
          `exit-flush-${name}`,
          'warn',
          `${signal.items} ${name} pending at process exit were not delivered: ${describe(outcome)}`,
        );
      return { items: signal.items, ...outcome };
    };
    return {
      traces: result(traces, 'spans'),
      metrics: result(metrics, 'metric points'),
    };
  } catch (error) {
    diagOnce('exit-flush', 'warn', 'could not flush telemetry at exit', error);
    const failed: SignalFlush = { kind: 'failed', items: 0, reason: 'error' };
    return { traces: failed, metrics: failed };
  }
}
