// The SDK resource's asynchronous attributes (host.id, read from a file) at
// an exit that cannot wait for them (exit-flush.ts): settled early where
// possible, else exported as far as they are settled.

import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { providerDelegate } from './provider-delegate.js';

/**
 * Lets the provider's resource settle its asynchronous attributes (host.id,
 * read from a file) now, as the exporter would at its first export, so that
 * an exit before that export still has them.
 */
export function settleResourceSoon(tracerProvider: unknown): void {
  try {
    const resource = (
      providerDelegate(tracerProvider) as {
        _resource?: Partial<Resource>;
      } | null
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
