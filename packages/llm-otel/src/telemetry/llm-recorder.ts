// The ExchangeRecorder that capture calls for every outgoing request. The
// common case is not LLM traffic: one provider match on method, URL and
// headers, then `undefined`, and capture leaves the request alone.

import { context } from '@opentelemetry/api';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type {
  ExchangeRecorder,
  ExchangeSink,
  OutgoingRequest,
} from '../capture/exchange.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { matchProvider } from '../providers/registry.js';
import type { MatchOptions } from '../providers/types.js';
import { AttemptSink } from './attempt-sink.js';
import { diagOnce } from './diag-once.js';
import { featureOf } from './feature.js';
import { createLlmMetrics } from './llm-metrics.js';
import type { PreAggregatedMetrics } from './pre-aggregated-metrics.js';
import { RetryChains } from './retry-chains.js';
import type { OpenGenAiSpans } from './open-genai-spans.js';

export interface RecorderDeps {
  readonly tracer: Tracer;
  readonly meter: Meter;
  /** For content events (EVENT_ONLY, SPAN_AND_EVENT); optional. */
  readonly logger?: Logger;
  readonly config: ResolvedConfig;
  /** Takes the histograms off the SDK's per-record path (optional). */
  readonly preAggregated?: PreAggregatedMetrics;
  /** Provider lookup; tests pass a fake. */
  readonly match?: typeof matchProvider;
  /** Other instrumentations' open gen_ai spans, when tracked (optional). */
  readonly openSpans?: OpenGenAiSpans;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function createLlmRecorder(deps: RecorderDeps): ExchangeRecorder {
  const match = deps.match ?? matchProvider;
  const metrics = createLlmMetrics(
    deps.meter,
    deps.config.semconv,
    deps.preAggregated,
  );
  const attemptDeps = {
    tracer: deps.tracer,
    metrics,
    config: deps.config,
    retries: new RetryChains(),
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    ...(deps.openSpans === undefined ? {} : { openSpans: deps.openSpans }),
  };
  const matchOptions: MatchOptions = {
    openAICompatibleBaseUrls: deps.config.openAICompatibleBaseUrls,
  };
  return {
    mayRecord(method: string, url: URL): boolean {
      try {
        // Matching reads no header but Bedrock's SigV4 scope, and only on
        // paths with /model/ (see registry.ts).
        return (
          match(method, url, NO_HEADERS, matchOptions) !== undefined ||
          url.pathname.includes('/model/')
        );
      } catch {
        return true;
      }
    },
    begin(request: OutgoingRequest): ExchangeSink | undefined {
      try {
        const matched = match(
          request.method,
          request.url,
          request.headers,
          matchOptions,
        );
        if (matched === undefined) return undefined;
        const parent = context.active();
        const sink = new AttemptSink(
          attemptDeps,
          request,
          matched,
          parent,
          featureOf(parent),
        );
        sink.open();
        return sink;
      } catch (error) {
        diagOnce('begin', 'error', 'an LLM call could not be recorded', error);
        return undefined;
      }
    },
  };
}
