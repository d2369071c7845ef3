// docker-compose.yml cannot drift from what the tests run: it mounts exactly the
// config files the end-to-end harness starts the real backends with, pins every
// image (to the versions the backend build uses), references only files that
// exist, binds ports to loopback, orders start-up on health, and leaves no
// default Grafana admin password.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'yaml';
import { SHIPPED_CONFIGS } from '../e2e/backends/start-backends.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  restart?: string;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/** Bind mounts (host path relative to the repo → container path); named volumes skipped. */
function bindMounts(): { service: string; host: string; target: string }[] {
  return Object.entries(services).flatMap(([service, s]) =>
    (s.volumes ?? [])
      .filter(v => v.startsWith('./'))
      .map(v => {
        const [host, target] = v.split(':');
        return {
          service,
          host: relative(REPO, resolve(REPO, host!)),
          target: target!,
        };
      }),
  );
}

void test('the services of the stack', () => {
  assert.deepEqual(Object.keys(services), [
    'prometheus',
    'jaeger',
    'collector',
    'stack-ready',
    'mock-llm',
    'demo-app',
    'grafana',
  ]);
  // Jaeger is the one trace store, and it runs by default: no service is behind a profile.
  for (const [name, s] of Object.entries(services))
    assert.equal(s.profiles, undefined, name);
  assert.deepEqual(Object.keys(compose.volumes), [
    'prometheus-data',
    'grafana-data',
  ]);
  assert.equal(
    services['collector']!.environment!['LLM_OTEL_TRACES_ENDPOINT'],
    '${LLM_OTEL_TRACES_ENDPOINT:-jaeger:4317}',
  );
  assert.match(
    read('collector/otelcol.yaml'),
    /endpoint: \$\{env:LLM_OTEL_TRACES_ENDPOINT:-jaeger:4317\}/,
  );
});

void test('compose mounts exactly the config files the end-to-end tests run', () => {
  const mountedConfigs = bindMounts()
    .filter(m => m.host.startsWith('collector'))
    .map(m => [m.service, m.host, m.target]);
  const shipped = (name: keyof typeof SHIPPED_CONFIGS): string =>
    relative(REPO, SHIPPED_CONFIGS[name]);
  assert.deepEqual(mountedConfigs, [
    ['prometheus', shipped('prometheus'), '/etc/prometheus/prometheus.yml'],
    // prometheus.yml's `rule_files: [rules/*.yml]` resolves next to it in both places.
    ['prometheus', 'collector/prometheus/rules', '/etc/prometheus/rules'],
    ['jaeger', shipped('jaeger'), '/etc/jaeger/config.yaml'],
    ['collector', shipped('collector'), '/etc/otelcol-contrib/config.yaml'],
  ]);
  assert.match(read(shipped('prometheus')), /rule_files:\n\s+- rules\/\*\.yml/);
  // Each mounted config is the one its service is told to load.
  assert.ok(
    services['prometheus']!.command!.includes(
      '--config.file=/etc/prometheus/prometheus.yml',
    ),
  );
  assert.ok(
    services['jaeger']!.command!.includes('--config=/etc/jaeger/config.yaml'),
  );
  assert.ok(
    services['collector']!.command!.includes(
      '--config=/etc/otelcol-contrib/config.yaml',
    ),
  );
});

void test('Prometheus runs with every flag the end-to-end harness gives it', () => {
  const harness = read('test/e2e/backends/start-backends.ts');
  const flags = [
    ...harness.matchAll(
      /'(--(?:web\.enable-otlp-receiver|enable-feature=[^']+))'/g,
    ),
  ].map(m => m[1]);
  assert.deepEqual(flags, [
    '--web.enable-otlp-receiver',
    '--enable-feature=exemplar-storage',
  ]);
  for (const flag of flags)
    assert.ok(services['prometheus']!.command!.includes(flag!), flag);
});

void test('every image is pinned to a version, the same versions the backend build uses', () => {
  const images = Object.fromEntries(
    Object.entries(services).map(([name, s]) => [name, s.image ?? '']),
  );
  for (const [name, image] of Object.entries(images)) {
    const tag = /^[^:@]+(?::([^:@]+))?$/.exec(image)?.[1];
    assert.ok(
      tag !== undefined && tag !== 'latest' && /\d/.test(tag),
      `${name}: ${image} is not pinned`,
    );
  }
  const manifest = read('collector/ocb/manifest.yaml');
  const otelcol = /^\s+version: (\S+)$/m.exec(manifest)?.[1];
  assert.equal(
    images['collector'],
    `otel/opentelemetry-collector-contrib:${otelcol}`,
  );
  const build = read('collector/build/build-backends.sh');
  const promModule = /PROMETHEUS_MODULE_VERSION=v0\.(\d)(\d\d)\.(\d+)/.exec(
    build,
  );
  assert.ok(promModule !== null);
  // Prometheus module v0.MNN.P is release vM.NN.P.
  assert.equal(
    images['prometheus'],
    `prom/prometheus:v${promModule[1]}.${Number(promModule[2])}.${promModule[3]}`,
  );
  const jaeger = /JAEGER_MODULE_VERSION=\S+\s+# Jaeger v(\S+)/.exec(build)?.[1];
  assert.equal(images['jaeger'], `jaegertracing/jaeger:${jaeger}`);
  // Jaeger's image is Alpine-based (busybox wget); its query UI answers once it serves.
  assert.deepEqual(services['jaeger']!.healthcheck!.test, [
    'CMD',
    'wget',
    '-q',
    '--spider',
    'http://127.0.0.1:16686/',
  ]);
});

void test('the Node services build from a Dockerfile whose base images are pinned', () => {
  const built = Object.entries(services).filter(
    ([, s]) => s.build !== undefined,
  );
  assert.deepEqual(
    built.map(([n]) => n),
    ['stack-ready', 'mock-llm', 'demo-app'],
  );
  for (const [, s] of built) {
    assert.deepEqual(s.build, {
      context: '.',
      dockerfile: 'packages/demo-app/Dockerfile',
    });
  }
  const froms = [
    ...read('packages/demo-app/Dockerfile').matchAll(/^FROM (\S+)/gm),
  ].map(m => m[1]);
  assert.deepEqual(froms, [
    'node:20.20.2-bookworm-slim',
    'node:20.20.2-bookworm-slim',
  ]);
});

void test('every file compose references exists', () => {
  for (const m of bindMounts()) {
    assert.ok(existsSync(join(REPO, m.host)), `${m.service}: ${m.host}`);
  }
  const nodeFiles = Object.values(services)
    .flatMap(s => s.command ?? [])
    .filter(a => /^packages\/.+\.js$/.test(a))
    .map(a => a.replace(/\/dist\/(.+)\.js$/, '/src/$1.ts'));
  assert.deepEqual(nodeFiles.sort(), [
    'packages/demo-app/src/main.ts',
    'packages/demo-app/src/wait-for.ts',
    'packages/mock-llm/src/cli.ts',
  ]);
  for (const f of nodeFiles) assert.ok(existsSync(join(REPO, f)), f);
  assert.ok(existsSync(join(REPO, 'packages/demo-app/Dockerfile')));
  assert.equal(
    services['grafana']!.environment![
      'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'
    ],
    '/var/lib/grafana/dashboards/llm-otel/llm-golden-signals.json',
  );
  assert.ok(existsSync(join(REPO, 'dashboards/llm-golden-signals.json')));
  // The dashboards provider reads the directory the JSON files are mounted at.
  assert.match(
    read('dashboards/grafana/provisioning/dashboards/llm-otel.yaml'),
    /path: \/var\/lib\/grafana\/dashboards\/llm-otel\n/,
  );
});

void test('every published port is bound to 127.0.0.1', () => {
  const ports = Object.entries(services).flatMap(([n, s]) =>
    (s.ports ?? []).map(p => [n, p]),
  );
  assert.deepEqual(ports, [
    ['prometheus', '127.0.0.1:9090:9090'],
    ['jaeger', '127.0.0.1:16686:16686'],
    ['collector', '127.0.0.1:4317:4317'],
    ['collector', '127.0.0.1:4318:4318'],
    ['mock-llm', '127.0.0.1:8080:8080'],
    ['grafana', '127.0.0.1:3000:3000'],
  ]);
});

void test('start-up waits on health: every dependency has a condition, long-running services a healthcheck', () => {
  for (const [name, s] of Object.entries(services)) {
    for (const [dep, cond] of Object.entries(s.depends_on ?? {})) {
      assert.ok(dep in services, `${name} depends on unknown ${dep}`);
      assert.ok(
        [
          'service_healthy',
          'service_completed_successfully',
          'service_started',
        ].includes(cond.condition),
        `${name} -> ${dep}`,
      );
      if (cond.condition === 'service_healthy')
        assert.ok(services[dep]!.healthcheck, `${dep} has no healthcheck`);
    }
  }
  // One-shot jobs, the app itself, and the distroless Collector (checked by
  // stack-ready over HTTP) are the only services without a healthcheck.
  assert.deepEqual(
    Object.entries(services)
      .filter(([, s]) => s.healthcheck === undefined)
      .map(([n]) => n),
    ['collector', 'stack-ready', 'demo-app'],
  );
  assert.ok(
    services['stack-ready']!.command!.includes('http://collector:13133/'),
  );
  // stack-ready waits for the trace store the Collector exports to, and Grafana
  // for the datasources it is provisioned with.
  assert.ok(services['stack-ready']!.command!.includes('http://jaeger:16686/'));
  for (const s of ['collector', 'stack-ready', 'grafana'])
    assert.deepEqual(services[s]!.depends_on!['jaeger'], {
      condition: 'service_healthy',
    });
  assert.deepEqual(services['demo-app']!.depends_on, {
    'mock-llm': { condition: 'service_healthy' },
    'stack-ready': { condition: 'service_completed_successfully' },
  });
});

void test('the demo runs under register and sends to the Collector', () => {
  const demo = services['demo-app']!;
  assert.deepEqual(demo.command, [
    'node',
    '--import',
    '@x/llm-otel/register',
    'packages/demo-app/dist/main.js',
  ]);
  assert.equal(
    demo.environment!['OTEL_EXPORTER_OTLP_ENDPOINT'],
    'http://collector:4318',
  );
});

void test('Grafana keeps no default admin password and lets anonymous users only view', () => {
  const g = services['grafana']!;
  const env = g.environment!;
  assert.equal(env['GF_SECURITY_ADMIN_PASSWORD'], undefined);
  assert.equal(env['GF_AUTH_ANONYMOUS_ORG_ROLE'], 'Viewer');
  assert.equal(env['GRAFANA_ADMIN_PASSWORD'], '${GRAFANA_ADMIN_PASSWORD:-}');
  assert.deepEqual(g.entrypoint, [
    'sh',
    '-c',
    'GF_SECURITY_ADMIN_PASSWORD="$${GRAFANA_ADMIN_PASSWORD:-$$(head -c 32 /dev/urandom | base64)}" exec /run.sh',
  ]);
});
