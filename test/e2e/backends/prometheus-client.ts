/** One instant-vector sample: labels (without __name__) and its value. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exemplar {
  readonly seriesLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

interface ApiResponse<T> {
  status: string;
  data: T;
  error?: string;
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as ApiResponse<T>;
  if (body.status !== 'success')
    throw new Error(`${url}: ${body.error ?? res.status}`);
  return body.data;
}

/** Instant query (PromQL) → samples sorted by their label set. */
export async function promQuery(
  baseUrl: string,
  query: string,
): Promise<Sample[]> {
  const data = await get<{
    result: { metric: Record<string, string>; value: [number, string] }[];
  }>(`${baseUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return data.result
    .map(r => {
      const labels = Object.fromEntries(
        Object.entries(r.metric).filter(([k]) => k !== '__name__'),
      );
      return { labels, value: Number(r.value[1]) };
    })
    .sort((a, b) =>
      JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
    );
}

/** Exemplars of the series selected by `query` over the last hour. */
export async function promExemplars(
  baseUrl: string,
  query: string,
): Promise<Exemplar[]> {
  const now = Date.now() / 1000;
  const data = await get<
    {
      seriesLabels: Record<string, string>;
      exemplars: { labels: Record<string, string>; value: string }[];
    }[]
  >(
    `${baseUrl}/api/v1/query_exemplars?query=${encodeURIComponent(query)}&start=${now - 3600}&end=${now + 60}`,
  );
  return data.flatMap(s =>
    s.exemplars.map(e => ({
      seriesLabels: s.seriesLabels,
      labels: e.labels,
      value: Number(e.value),
    })),
  );
}

/** Polls until `query` returns what `done` accepts (or the timeout passes) and returns the last result. */
export async function promQueryEventually(
  baseUrl: string,
  query: string,
  done: (samples: Sample[]) => boolean,
  timeoutMs = 30_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await promQuery(baseUrl, query);
    if (done(samples) || Date.now() > deadline) return samples;
    await new Promise(r => setTimeout(r, 500));
  }
}
