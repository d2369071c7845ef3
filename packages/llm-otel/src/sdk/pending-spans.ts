// The ended spans that the SDK's batch span processors still hold for their
// OTLP exporter: what a process.exit() would lose (see exit-flush.ts).
// sdk-trace offers no public way to read them, so this reaches into its
// internals (the provider's span processors, a batch processor's buffer and
// exporter), checks every step's shape, and returns nothing when anything
// differs: then the exit loses them, as it did before.

import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

interface BatchProcessorShape {
  _finishedSpans?: unknown;
  _exporter?: unknown;
}

/** The SDK provider behind the API's proxy, if it is one. */
function delegateOf(provider: unknown): unknown {
  const proxy = provider as {
    getDelegate?: () => unknown;
    _getDelegate?: () => unknown;
  } | null;
  return proxy?.getDelegate?.() ?? proxy?._getDelegate?.() ?? provider;
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
 * Lets the provider's resource settle its asynchronous attributes (host.id,
 * read from a file) now, as the exporter would at its first export, so that
 * an exit before that export still has them.
 */
export function settleResourceSoon(tracerProvider: unknown): void {
  try {
    const resource = (
      delegateOf(tracerProvider) as { _resource?: Partial<Resource> } | null
    )?._resource;
    resource?.waitForAsyncAttributes?.().catch(() => undefined);
  } catch {
    // Then an early exit exports the settled attributes only.
  }
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The spans with a resource that has no attribute pending: the serializer
 * cannot wait for them, and reading a pending resource logs an error. Such
 * a span is wrapped with a copy of its resource's settled attributes.
 */
export function withSettledResources(
  spans: readonly ReadableSpan[],
): ReadableSpan[] {
  const settled = new Map<Resource, Resource>();
  return spans.map(span => {
    const resource = span.resource;
    if (!resource.asyncAttributesPending) return span;
    let copy = settled.get(resource);
    if (copy === undefined) {
      copy = settledResource(resource);
      settled.set(resource, copy);
    }
    // Everything else read through to the span itself.
    return Object.create(span, { resource: { value: copy } }) as ReadableSpan;
  });
}

/**
 * The resource itself when nothing is pending, else a copy of its settled
 * attributes, as its own getter reads them: the first value of a key wins
 * (a merge puts the merged-in resource's entries first).
 */
export function settledResource(resource: Resource): Resource {
  if (!resource.asyncAttributesPending) return resource;
  const attributes: Attributes = {};
  for (const [key, value] of resource.getRawAttributes()) {
    if (value == null || isPromiseLike(value) || key in attributes) continue;
    attributes[key] = value as AttributeValue;
  }
  return resourceFromAttributes(
    attributes,
    resource.schemaUrl === undefined
      ? undefined
      : { schemaUrl: resource.schemaUrl },
  );
}

/**
 * Ended spans waiting in a batch processor for an OTLP exporter, oldest
 * first; empty when there are none or the provider is not shaped as known.
 */
export function pendingOtlpSpans(tracerProvider: unknown): ReadableSpan[] {
  try {
    const provider = delegateOf(tracerProvider) as {
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
