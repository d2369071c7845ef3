/** A span as the Jaeger query API returns it, with its tags flattened into a record. */
export interface StoredSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly operationName: string;
  readonly tags: Readonly<Record<string, string | number | boolean>>;
}

interface JaegerTrace {
  traceID: string;
  spans: {
    traceID: string;
    spanID: string;
    operationName: string;
    tags: { key: string; value: string | number | boolean }[];
  }[];
}

/**
 * Traces of `service` whose spans carry all `tags` (Jaeger's tag search; Jaeger v2
 * is the trace store, see collector/README.md).
 */
export async function findTraces(
  baseUrl: string,
  service: string,
  tags: Readonly<Record<string, string>> = {},
): Promise<Map<string, StoredSpan[]>> {
  const params = new URLSearchParams({
    service,
    limit: '1000',
    lookback: '1h',
  });
  if (Object.keys(tags).length > 0) params.set('tags', JSON.stringify(tags));
  const res = await fetch(`${baseUrl}/api/traces?${params.toString()}`, {
    signal: AbortSignal.timeout(5000),
  });
  if (res.status === 404 || res.status === 400) {
    await res.arrayBuffer();
    return new Map();
  }
  const body = (await res.json()) as { data: JaegerTrace[] | null };
  const out = new Map<string, StoredSpan[]>();
  for (const t of body.data ?? []) {
    out.set(
      t.traceID,
      t.spans.map(s => ({
        traceId: s.traceID,
        spanId: s.spanID,
        operationName: s.operationName,
        tags: Object.fromEntries(s.tags.map(tag => [tag.key, tag.value])),
      })),
    );
  }
  return out;
}
