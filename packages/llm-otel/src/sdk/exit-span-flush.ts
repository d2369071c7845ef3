// A flush for an exit that cannot wait: process.exit() from the app, or an
// uncaught exception. Node runs 'exit' listeners synchronously and then
// ends the process, so the exporter's asynchronous send never happens and
// the spans the batch processor still holds (every span of the last few
// seconds) would be lost: a short script that ends with process.exit()
// exported nothing. Here they are serialized as the configured OTLP/HTTP
// exporter would and posted from a worker thread while this thread waits,
// within the flush bound (post-sync.ts). Metrics are not: the Collector
// derives the golden signals from spans.

import { gzipSync } from 'node:zlib';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { diagOnce } from '../telemetry/diag-once.js';
import { drainDeferredWork } from '../telemetry/deferred-work.js';
import { otlpTraceTarget } from './otlp-trace-target.js';
import { pendingOtlpSpans, withSettledResources } from './pending-spans.js';
import { postSync } from './post-sync.js';
import type { SyncPostOutcome } from './post-sync.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What became of the pending spans; for tests and the diag message. */
export type ExitSpanFlush =
  | { readonly kind: 'nothing-pending' }
  | { readonly kind: 'not-otlp-http' }
  | ({ readonly spans: number } & SyncPostOutcome);

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

/**
 * Sends the spans still waiting for the OTLP exporter, blocking for at most
 * `timeoutMillis`. Never throws.
 */
export function flushSpansAtExit(
  tracerProvider: unknown,
  env: Env,
  timeoutMillis: number,
): ExitSpanFlush {
  try {
    // Calls that ended this turn still wait for their setImmediate.
    drainDeferredWork();
    const spans = pendingOtlpSpans(tracerProvider);
    if (spans.length === 0) return { kind: 'nothing-pending' };
    const target = otlpTraceTarget(env);
    if (target === undefined) return { kind: 'not-otlp-http' };
    const json = target.protocol === 'http/json';
    const serialized = (
      json ? JsonTraceSerializer : ProtobufTraceSerializer
    ).serializeRequest(withSettledResources(spans));
    if (serialized === undefined) return { kind: 'nothing-pending' };
    const body = target.gzip ? gzipSync(serialized) : serialized;
    const outcome = postSync(
      {
        url: target.url,
        headers: {
          ...target.headers,
          'Content-Type': json ? 'application/json' : 'application/x-protobuf',
          ...(target.gzip ? { 'Content-Encoding': 'gzip' } : {}),
        },
        body,
        tls: target.tls,
      },
      timeoutMillis,
    );
    if (outcome.kind !== 'sent')
      diagOnce(
        'exit-span-flush',
        'warn',
        `${spans.length} spans pending at process exit were not delivered: ${describe(outcome)}`,
      );
    return { spans: spans.length, ...outcome };
  } catch (error) {
    diagOnce('exit-span-flush', 'warn', 'could not flush spans at exit', error);
    return { kind: 'failed', spans: 0, reason: 'error' };
  }
}
