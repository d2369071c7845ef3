// Every PromQL query of every shipped dashboard, with the template variables
// substituted as Grafana does for "All", returns data from the real Prometheus
// of the end-to-end stack (real Collector with the shipped configs and rules)
// while the demo app sends traffic under register. No query may error or come
// back empty; the trace panel's Jaeger search finds the demo's failed calls.
// Needs the backends: bash collector/build/build-backends.sh.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { startMockLlm } from '../../packages/mock-llm/src/index.js';
import type { MockLlm } from '../../packages/mock-llm/src/index.js';
import { startBackends } from '../e2e/backends/start-backends.js';
import type { Backends } from '../e2e/backends/start-backends.js';
import {
  loadDashboards,
  promQueries,
  substitute,
} from './dashboard-queries.js';

const REPO = new URL('../../', import.meta.url).pathname;
const ALL = { service: '.*', feature: '.*', provider: '.*', model: '.*' };
/** Recording rules run every 15 s and need two samples; give them a few rounds. */
const DEADLINE_MS = 120_000;

let backends: Backends;
let mock: MockLlm;
let demo: ChildProcess;
let demoOutput = '';
let demoExit: Promise<number | null>;

before(async () => {
  backends = await startBackends();
  mock = await startMockLlm();
  // Unbounded: traffic keeps flowing while the queries run, as in the compose stack.
  demo = spawn(
    process.execPath,
    [
      '--import',
      '@x/llm-otel/register',
      '--import',
      'tsx',
      'packages/demo-app/src/main.ts',
      '--mock-url',
      mock.url,
      '--pause-ms',
      '200',
      '--time-scale',
      '0.1',
    ],
    {
      cwd: REPO,
      env: {
        PATH: process.env['PATH'] ?? '',
        ...backends.appEnv,
        OTEL_SERVICE_NAME: 'llm-otel-demo',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  demo.stdout?.on('data', (c: Buffer) => (demoOutput += c.toString()));
  demo.stderr?.on('data', (c: Buffer) => (demoOutput += c.toString()));
  demoExit = new Promise(resolve => demo.on('exit', code => resolve(code)));
});

after(async () => {
  if (demo.exitCode === null) demo.kill('SIGKILL');
  await mock?.close();
  await backends?.stop();
});

interface QueryResult {
  status: string;
  error?: string;
  data?: { result: unknown[] } | string[];
}

async function get(path: string): Promise<QueryResult> {
  const res = await fetch(`${backends.prometheusUrl}${path}`, {
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as QueryResult;
}

const rows = (r: QueryResult): number =>
  Array.isArray(r.data) ? r.data.length : (r.data?.result.length ?? 0);

void test('every dashboard query returns series after demo traffic', async () => {
  const queries = promQueries(loadDashboards()).map(q => ({
    ...q,
    promql: substitute(q.expr, ALL),
  }));
  assert.equal(queries.length, 62);
  const pending = new Map(
    queries.map(q => [`${q.file} / ${q.panel} / ${q.refId}`, q.promql]),
  );
  const deadline = Date.now() + DEADLINE_MS;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [name, promql] of pending) {
      const r = await get(`/api/v1/query?query=${encodeURIComponent(promql)}`);
      assert.equal(r.status, 'success', `${name}: ${promql}\n${r.error ?? ''}`);
      if (rows(r) > 0) pending.delete(name);
    }
    if (pending.size > 0) await new Promise(r => setTimeout(r, 2000));
  }
  assert.deepEqual(
    [...pending].map(([name, promql]) => `${name}: ${promql}`),
    [],
    `queries with no series\n--- demo\n${demoOutput}\n${backends.logs()}`,
  );
});

void test('every template variable lists values', async () => {
  const [dashboard] = [...loadDashboards().values()];
  for (const v of dashboard!.templating.list) {
    const m = /^label_values\((.+), (\w+)\)$/.exec(v.query.query);
    assert.ok(m !== null, v.query.query);
    const match = substitute(m[1]!, ALL);
    const r = await get(
      `/api/v1/label/${m[2]}/values?match[]=${encodeURIComponent(match)}`,
    );
    assert.equal(r.status, 'success', r.error);
    assert.ok(rows(r) > 0, `${v.name}: no values for ${match}`);
  }
});

void test("Grafana's traces-to-metrics queries (Jaeger datasource) return series", async () => {
  const provisioning = parse(
    readFileSync(
      new URL(
        '../../dashboards/grafana/provisioning/datasources/llm-otel.yaml',
        import.meta.url,
      ),
      'utf8',
    ),
  ) as {
    datasources: {
      uid: string;
      jsonData: { tracesToMetrics?: { queries: { query: string }[] } };
    }[];
  };
  const queries = provisioning.datasources.flatMap(d =>
    (d.jsonData.tracesToMetrics?.queries ?? []).map(q => ({
      uid: d.uid,
      query: q.query,
    })),
  );
  assert.equal(queries.length, 3);
  for (const { uid, query } of queries) {
    // Grafana expands $$ to $ in provisioning files, then $__tags to the span's tags.
    const promql = query.replace(
      '$$__tags',
      'service_name="llm-otel-demo", feature="support_chat"',
    );
    assert.doesNotMatch(promql, /\$/);
    const r = await get(`/api/v1/query?query=${encodeURIComponent(promql)}`);
    assert.equal(r.status, 'success', `${uid}: ${promql} ${r.error ?? ''}`);
    assert.ok(rows(r) > 0, `${uid}: no series for ${promql}`);
  }
});

void test("the trace panel's Jaeger searches, sent as Grafana sends them, find failed calls", async () => {
  const targets = [...loadDashboards().values()].flatMap(d =>
    d.panels.flatMap(p =>
      (p.targets ?? []).filter(t => t.datasource?.type === 'jaeger'),
    ),
  );
  assert.equal(targets.length, 6);
  interface Trace {
    spans: { tags: { key: string; value: unknown }[] }[];
  }
  /** Grafana's Jaeger datasource: GET /api/traces with the service (the variable
   * set to one service), the logfmt tags as a JSON object, and the limit. */
  const search = async (service: string, logfmt: string): Promise<Trace[]> => {
    const tags = Object.fromEntries(
      logfmt.split(' ').map(kv => kv.split('=') as [string, string]),
    );
    const params = new URLSearchParams({
      service: service.replace('$service', 'llm-otel-demo'),
      tags: JSON.stringify(tags),
      limit: '20',
    });
    const res = await fetch(
      `${backends.tracesQueryUrl}/api/traces?${params.toString()}`,
      { signal: AbortSignal.timeout(10_000) },
    );
    const body = await res.text();
    assert.equal(res.status, 200, body);
    return (JSON.parse(body) as { data: Trace[] | null }).data ?? [];
  };
  // The demo produces rate_limited, timeout and server_error calls (README "The
  // demo traffic"); every trace a search returns holds a span with that outcome.
  const found = new Map<string, number>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const t of targets) {
      const traces = await search(t.service!, t.tags!);
      const [key, value] = t.tags!.split('=');
      for (const trace of traces) {
        assert.ok(
          trace.spans.some(s =>
            s.tags.some(tag => tag.key === key && tag.value === value),
          ),
          `${t.tags!}: ${JSON.stringify(trace.spans.map(s => s.tags))}`,
        );
      }
      found.set(t.tags!, traces.length);
    }
    if (
      ['rate_limited', 'timeout', 'server_error'].every(
        o => (found.get(`llm_otel.outcome=${o}`) ?? 0) > 0,
      )
    )
      break;
    await new Promise(res => setTimeout(res, 2000));
  }
  for (const o of ['rate_limited', 'timeout', 'server_error'])
    assert.ok(
      (found.get(`llm_otel.outcome=${o}`) ?? 0) > 0,
      `no ${o} trace: ${JSON.stringify([...found])}`,
    );
});

void test('every llm-otel rule evaluates without error on live data', async () => {
  interface Rule {
    name: string;
    health: string;
    lastError?: string;
  }
  let rules: Rule[] = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = (await get('/api/v1/rules')) as unknown as {
      data: { groups: { rules: Rule[] }[] };
    };
    rules = r.data.groups.flatMap(g => g.rules);
    if (rules.every(x => x.health !== 'unknown')) break;
    await new Promise(res => setTimeout(res, 2000));
  }
  assert.equal(rules.length, 35);
  assert.deepEqual(
    rules
      .filter(x => x.health !== 'ok')
      .map(x => `${x.name}: ${x.health} ${x.lastError ?? ''}`),
    [],
  );
});

void test('LlmUnpricedModelSeen fires on live data, for the unpriced models only', async () => {
  // On loopback the OpenAI-format calls are openai_compatible, which the price
  // table does not cover; Anthropic and Gemini calls are priced.
  const query = encodeURIComponent(
    'ALERTS{alertname="LlmUnpricedModelSeen", alertstate="firing"}',
  );
  let firing: string[] = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = (await get(`/api/v1/query?query=${query}`)) as {
      data?: { result: { metric: Record<string, string> }[] };
    };
    firing = (r.data?.result ?? [])
      .map(x => `${x.metric['provider']}/${x.metric['model']}`)
      .sort();
    if (firing.length === 4) break;
    await new Promise(res => setTimeout(res, 2000));
  }
  assert.deepEqual(firing, [
    'openai_compatible/acme-llm-7b',
    'openai_compatible/gpt-4o',
    'openai_compatible/gpt-4o-mini',
    'openai_compatible/o3-mini',
  ]);
});

void test('the demo stops cleanly on SIGTERM (exit code 0)', async () => {
  demo.kill('SIGTERM');
  assert.equal(await demoExit, 0, demoOutput);
});
