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

/** One signal's export, ready to post; `items` counts what it carries. */
interface Prepared {
  readonly name: string;
  readonly items: number;
  readonly post: SyncPost;
}

function prepareTraces(sources: ExitFlushSources): Prepared | undefined {
  const spans = pendingOtlpSpans(sources.tracerProvider);
  if (spans.length === 0) return undefined;
  const target = otlpExportTarget(sources.env, 'TRACES');
  if (target === undefined) return undefined;
  const serializer =
    target.protocol === 'http/json'
      ? JsonTraceSerializer
      : ProtobufTraceSerializer;
  const bytes = serializer.serializeRequest(withSettledResources(spans));
  if (bytes === undefined) return undefined;
  return { name: 'spans', items: spans.length, post: post(target, bytes) };
}

function prepareMetrics(sources: ExitFlushSources): Prepared | undefined {
  const ours = attachedPreAggregated(sources.meterProvider);
  const resource = meterResource(sources.meterProvider);
  if (ours === undefined || resource === undefined) return undefined;
  const target = otlpExportTarget(sources.env, 'METRICS');
  if (target === undefined) return undefined;
  const scopeMetrics = ours.collectForExit();
  const points = scopeMetrics.reduce(
    (n, s) =>
      n + s.metrics.reduce((m, metric) => m + metric.dataPoints.length, 0),
    0,
  );
  if (points === 0) return undefined;
  const serializer =
    target.protocol === 'http/json'
      ? JsonMetricsSerializer
      : ProtobufMetricsSerializer;
  const bytes = serializer.serializeRequest({
    resource: settledResource(resource),
    scopeMetrics,
  });
  if (bytes === undefined) return undefined;
  return { name: 'metric points', items: points, post: post(target, bytes) };
}

/**
 * Sends the spans still waiting for the OTLP exporter and our histograms'
 * last interval, blocking for at most `timeoutMillis`. Never throws; what
 * is not delivered is logged once through diag.
 */
export function flushAtExit(
  sources: ExitFlushSources,
  timeoutMillis: number,
): void {
  try {
    // Calls that ended this turn still wait for their setImmediate.
    drainDeferredWork();
    const sends = [prepareTraces(sources), prepareMetrics(sources)].filter(
      (p): p is Prepared => p !== undefined,
    );
    const outcomes = postSync(
      sends.map(s => s.post),
      timeoutMillis,
    );
    sends.forEach((send, i) => {
      const outcome = outcomes[i] ?? { kind: 'timeout' };
      if (outcome.kind !== 'sent')
        diagOnce(
          `exit-flush-${send.name}`,
          'warn',
          `${send.items} ${send.name} pending at process exit were not delivered: ${describe(outcome)}`,
        );
    });
  } catch (error) {
    diagOnce('exit-flush', 'warn', 'could not flush telemetry at exit', error);
  }
}
