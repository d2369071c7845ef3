// Adds a span processor to an SDK TracerProvider that is already built:
// sdk-trace 2.x offers no public way, so this checks the shape of its
// internals (the provider's multi span processor and its list) and does
// nothing when they differ.

import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { providerDelegate } from './provider-delegate.js';

/**
 * Adds `processor` after the provider's own; returns the function that
 * removes it, or undefined when the provider is not shaped as known.
 */
export function attachSpanProcessor(
  tracerProvider: unknown,
  processor: SpanProcessor,
): (() => void) | undefined {
  try {
    const provider = providerDelegate(tracerProvider) as {
      _activeSpanProcessor?: { _spanProcessors?: unknown };
    } | null;
    const processors = provider?._activeSpanProcessor?._spanProcessors;
    if (!Array.isArray(processors)) return undefined;
    processors.push(processor);
    return () => {
      const at = processors.indexOf(processor);
      if (at !== -1) processors.splice(at, 1);
    };
  } catch {
    return undefined;
  }
}
