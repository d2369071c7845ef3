// The ended spans that the SDK's batch span processors still hold for their
// OTLP exporter: what a process.exit() would lose (see exit-flush.ts).
// sdk-trace offers no public way to read them, so this reaches into its
// internals (the provider's span processors, a batch processor's buffer and
// exporter), checks every step's shape, and returns nothing when anything
// differs: then the exit loses them, as it did before.

import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { providerDelegate } from './provider-delegate.js';

interface BatchProcessorShape {
  _finishedSpans?: unknown;
  _exporter?: unknown;
}

function isOtlpExporter(exporter: unknown): boolean {
  // The http/json and http/protobuf exporters share this class name.
  return (
    typeof exporter === 'object' &&
    exporter !== null &&
    exporter.constructor.name === 'OTLPTraceExporter'
  );
}

/**
 * Ended spans waiting in a batch processor for an OTLP exporter, oldest
 * first; empty when there are none or the provider is not shaped as known.
 */
export function pendingOtlpSpans(tracerProvider: unknown): ReadableSpan[] {
  try {
    const provider = providerDelegate(tracerProvider) as {
      _activeSpanProcessor?: { _spanProcessors?: unknown };
    } | null;
    const processors = provider?._activeSpanProcessor?._spanProcessors;
    if (!Array.isArray(processors)) return [];
    const out: ReadableSpan[] = [];
    for (const processor of processors as BatchProcessorShape[]) {
      const spans = processor._finishedSpans;
      if (!Array.isArray(spans) || !isOtlpExporter(processor._exporter))
        continue;
      out.push(...(spans as ReadableSpan[]));
    }
    return out;
  } catch {
    return [];
  }
}
