// The shipped dashboards are valid, self-consistent Grafana JSON: fresh from the
// generator, unique uids and panel ids, a provisioned datasource on every panel and
// query, every variable they use defined, the four template variables, exemplars on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { renderDashboards } from '../../dashboards/src/render-dashboards.js';
import {
  BUILTINS,
  DASHBOARD_DIR,
  loadDashboards,
  promQueries,
  substitute,
} from './dashboard-queries.js';

const dashboards = loadDashboards();
const PROVISIONING = join(DASHBOARD_DIR, 'grafana', 'provisioning');

interface DatasourcesYaml {
  datasources: {
    uid: string;
    type: string;
    url: string;
    jsonData: Record<string, unknown>;
  }[];
}
const datasources = (
  parse(
    readFileSync(join(PROVISIONING, 'datasources', 'llm-otel.yaml'), 'utf8'),
  ) as DatasourcesYaml
).datasources;

void test('the four dashboard files are exactly what the generator writes', () => {
  const rendered = renderDashboards();
  assert.deepEqual([...dashboards.keys()], Object.keys(rendered).sort());
  for (const [file, json] of Object.entries(rendered)) {
    assert.equal(
      readFileSync(join(DASHBOARD_DIR, file), 'utf8'),
      json,
      `${file} is stale: run npx tsx dashboards/src/generate-dashboards.ts`,
    );
  }
});

void test('dashboard uids and titles are the stable, unique ones', () => {
  assert.deepEqual(
    [...dashboards.values()].map(d => [d.uid, d.title]),
    [
      ['llm-otel-cost', 'LLM cost'],
      ['llm-otel-feature-model', 'LLM feature × model'],
      ['llm-otel-golden-signals', 'LLM golden signals'],
      ['llm-otel-reliability', 'LLM reliability'],
    ],
  );
});

void test('every dashboard has the service, feature, provider and model variables', () => {
  for (const [file, d] of dashboards) {
    assert.deepEqual(
      d.templating.list.map(v => [v.name, v.query.query]),
      [
        ['service', 'label_values(llm_calls_total, service_name)'],
        [
          'feature',
          'label_values(llm_calls_total{service_name=~"$service"}, feature)',
        ],
        [
          'provider',
          'label_values(llm_calls_total{service_name=~"$service", feature=~"$feature"}, provider)',
        ],
        [
          'model',
          'label_values(llm_calls_total{service_name=~"$service", feature=~"$feature", provider=~"$provider"}, model)',
        ],
      ],
      file,
    );
  }
});

void test('panel ids are unique per dashboard and panels stay inside the 24-column grid', () => {
  for (const [file, d] of dashboards) {
    const ids = d.panels.map(p => p.id);
    assert.equal(new Set(ids).size, ids.length, `${file}: duplicate panel id`);
    for (const p of d.panels) {
      assert.ok(
        p.gridPos.x + p.gridPos.w <= 24,
        `${file}: ${p.title} overflows`,
      );
      assert.ok(p.title.length > 0, `${file}: panel ${p.id} has no title`);
    }
  }
});

void test('every panel and query uses a provisioned datasource by uid', () => {
  const provisioned = new Map(datasources.map(d => [d.uid, d.type]));
  for (const [file, d] of dashboards) {
    for (const p of d.panels) {
      if (p.type === 'row') continue;
      assert.ok(
        p.datasource !== undefined,
        `${file}: ${p.title} has no datasource`,
      );
      assert.equal(
        provisioned.get(p.datasource.uid),
        p.datasource.type,
        `${file}: ${p.title}`,
      );
      assert.ok(
        (p.targets ?? []).length > 0,
        `${file}: ${p.title} has no query`,
      );
      for (const t of p.targets ?? []) {
        assert.ok(t.datasource !== undefined, `${file}: ${p.title} ${t.refId}`);
        assert.equal(provisioned.get(t.datasource.uid), t.datasource.type);
        assert.ok(
          (t.expr ?? t.service ?? '').length > 0,
          `${file}: ${p.title} empty query`,
        );
      }
    }
  }
});

void test('every variable a query uses is defined (dashboard variables or Grafana built-ins)', () => {
  for (const [file, d] of dashboards) {
    const defined = new Set(d.templating.list.map(v => v.name));
    const queries = [
      ...d.panels.flatMap(p =>
        (p.targets ?? []).flatMap(t => [
          t.expr ?? '',
          t.service ?? '',
          t.tags ?? '',
        ]),
      ),
      ...d.templating.list.map(v => v.query.query),
    ];
    for (const q of queries) {
      for (const [, name] of q.matchAll(/\$(__\w+|\w+)/g)) {
        assert.ok(
          defined.has(name!) || name! in BUILTINS,
          `${file}: $${name} in ${q}`,
        );
      }
    }
  }
});

void test('every panel query filters on all four variables, or on those its recorded series keep', () => {
  for (const q of promQueries(dashboards)) {
    const recordedPerFeature = q.expr.startsWith('feature:');
    const recordedPerServiceFeature = q.expr.includes('service_feature:');
    const needed = recordedPerFeature
      ? ['feature']
      : recordedPerServiceFeature
        ? ['service', 'feature']
        : ['service', 'feature', 'provider', 'model'];
    for (const v of needed) {
      assert.ok(q.expr.includes(`$${v}`), `${q.file} ${q.panel}: no $${v}`);
    }
  }
});

void test('latency panels ask for exemplars, and exemplars link to Jaeger', () => {
  const withExemplars = [...dashboards.values()].flatMap(d =>
    d.panels.flatMap(p =>
      (p.targets ?? [])
        .filter(t => (t as { exemplar?: boolean }).exemplar === true)
        .map(t => t.expr ?? ''),
    ),
  );
  assert.equal(withExemplars.length, 4);
  for (const e of withExemplars) assert.match(e, /llm_duration_seconds_bucket/);
  const prom = datasources.find(d => d.uid === 'prometheus');
  assert.deepEqual(prom?.jsonData['exemplarTraceIdDestinations'], [
    {
      name: 'trace_id',
      datasourceUid: 'jaeger',
      urlDisplayLabel: 'Open trace in Jaeger',
    },
  ]);
  // Jaeger is the one trace store: the only datasources are Prometheus and Jaeger.
  assert.deepEqual(
    datasources.map(d => [d.uid, d.type, d.url]),
    [
      ['prometheus', 'prometheus', 'http://prometheus:9090'],
      ['jaeger', 'jaeger', 'http://jaeger:16686'],
    ],
  );
  const jaeger = datasources.find(d => d.uid === 'jaeger');
  assert.equal(
    (jaeger?.jsonData['tracesToMetrics'] as { datasourceUid: string })
      .datasourceUid,
    'prometheus',
  );
});

void test('trace panels search Jaeger for one service (its search needs one)', () => {
  const traceTargets = [...dashboards.values()].flatMap(d =>
    d.panels.flatMap(p =>
      (p.targets ?? [])
        .filter(t => t.datasource?.type !== 'prometheus')
        .map(t => [p.title, t.datasource?.uid, t.service, t.tags]),
    ),
  );
  // One exact-match search per outcome but success (Jaeger has no negation).
  const outcomes = /`llm_otel\.outcome` \| ([^|]+) \|/
    .exec(
      readFileSync(
        join(DASHBOARD_DIR, '..', 'collector', 'CONTRACT.md'),
        'utf8',
      ),
    )![1]!
    .match(/`\w+`/g)!
    .map(o => o.slice(1, -1))
    .filter(o => o !== 'success');
  assert.equal(outcomes.length, 6);
  assert.deepEqual(
    traceTargets,
    outcomes.map(o => [
      'Recent failed LLM calls (Jaeger)',
      'jaeger',
      '$service',
      `llm_otel.outcome=${o}`,
    ]),
  );
});

void test('substitution turns every query into plain PromQL', () => {
  const vars = { service: '.*', feature: '.*', provider: '.*', model: '.*' };
  const queries = promQueries(dashboards);
  assert.equal(queries.length, 62);
  for (const q of queries) assert.doesNotMatch(substitute(q.expr, vars), /\$/);
});

void test('the dashboards provider loads the directory compose mounts the JSON into', () => {
  const provider = parse(
    readFileSync(join(PROVISIONING, 'dashboards', 'llm-otel.yaml'), 'utf8'),
  ) as { providers: { type: string; options: { path: string } }[] };
  assert.deepEqual(
    provider.providers.map(p => [p.type, p.options.path]),
    [['file', '/var/lib/grafana/dashboards/llm-otel']],
  );
});
