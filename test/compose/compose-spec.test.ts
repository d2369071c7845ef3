// docker-compose.yml is a valid Compose file as `docker compose config` reads it:
// compose-spec/compose-go (the loader Docker Compose uses) validates it against
// the Compose schema and resolves interpolation and `<<` merge keys.
// The Docker client here has no compose plugin, so the test builds a tiny Go
// wrapper (test/compose/compose-config) once into the backend cache.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { parse } from 'yaml';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(REPO, 'test', 'compose', 'compose-config');
const CACHE =
  process.env['LLM_OTEL_CACHE'] ?? join(homedir(), '.cache', 'llm-otel');

let bin: string;

/** Builds the wrapper unless this exact source is already built (keyed by a hash). */
before(() => {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go'])
    hash.update(readFileSync(join(SRC, f)));
  bin = join(CACHE, 'bin', `compose-config-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return;
  mkdirSync(join(CACHE, 'bin'), { recursive: true });
  execFileSync('go', ['build', '-trimpath', '-o', bin, '.'], {
    cwd: SRC,
    env: {
      ...process.env,
      GOTOOLCHAIN: 'local',
      CGO_ENABLED: '0',
      GOMODCACHE: join(CACHE, 'gomod'),
      GOCACHE: join(CACHE, 'gocache'),
      GOFLAGS: '-modcacherw',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
});

interface Resolved {
  services: Record<
    string,
    {
      image?: string;
      build?: unknown;
      entrypoint?: string[];
      environment?: Record<string, string | null>;
      volumes?: {
        type: string;
        source: string;
        target: string;
        read_only?: boolean;
      }[];
    }
  >;
}

function load(
  file: string,
  env: Record<string, string> = {},
): { code: number | null; out: string; err: string } {
  const r = spawnSync(bin, [file], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', HOME: homedir(), ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

void test('compose-go accepts docker-compose.yml and resolves every service', () => {
  const r = load('docker-compose.yml');
  assert.equal(r.code, 0, r.err);
  const project = parse(r.out) as Resolved;
  assert.deepEqual(Object.keys(project.services).sort(), [
    'collector',
    'demo-app',
    'grafana',
    'jaeger',
    'mock-llm',
    'prometheus',
    'stack-ready',
  ]);
  // The `<<: *node-service` merge gave the Node services their image and build.
  for (const s of ['stack-ready', 'mock-llm', 'demo-app']) {
    assert.equal(project.services[s]!.image, 'llm-otel/node:0.1.0', s);
    assert.ok(project.services[s]!.build !== undefined, s);
  }
  // Bind mounts resolve to files of this repository, read-only.
  const binds = Object.values(project.services).flatMap(s =>
    (s.volumes ?? []).filter(v => v.type === 'bind'),
  );
  assert.equal(binds.length, 7);
  for (const v of binds) {
    assert.ok(v.source.startsWith(REPO), v.source);
    assert.ok(existsSync(v.source), v.source);
    assert.equal(v.read_only, true, v.source);
  }
});

void test('interpolation: $$ reaches the Grafana shell as $, and the defaults apply', () => {
  const project = parse(load('docker-compose.yml').out) as Resolved;
  const grafana = project.services['grafana']!;
  assert.deepEqual(grafana.entrypoint, [
    'sh',
    '-c',
    'GF_SECURITY_ADMIN_PASSWORD="${GRAFANA_ADMIN_PASSWORD:-$(head -c 32 /dev/urandom | base64)}" exec /run.sh',
  ]);
  assert.equal(grafana.environment!['GRAFANA_ADMIN_PASSWORD'], '');
  assert.equal(grafana.environment!['GF_SECURITY_ADMIN_PASSWORD'], undefined);
  assert.equal(
    project.services['collector']!.environment!['LLM_OTEL_TRACES_ENDPOINT'],
    'jaeger:4317',
  );
  assert.equal(
    project.services['demo-app']!.environment!['DEMO_DURATION_SECONDS'],
    '0',
  );
});

void test('interpolation: the documented variables point traces at another store and set the Grafana password', () => {
  const r = load('docker-compose.yml', {
    LLM_OTEL_TRACES_ENDPOINT: 'traces.example:4317',
    GRAFANA_ADMIN_PASSWORD: 'correct-horse',
  });
  assert.equal(r.code, 0, r.err);
  const project = parse(r.out) as Resolved;
  assert.equal(
    project.services['collector']!.environment!['LLM_OTEL_TRACES_ENDPOINT'],
    'traces.example:4317',
  );
  assert.equal(
    project.services['grafana']!.environment!['GRAFANA_ADMIN_PASSWORD'],
    'correct-horse',
  );
});

void test('the loader rejects what Docker Compose would (so the checks above can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compose-spec-'));
  try {
    const original = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');
    const bad = join(dir, 'docker-compose.yml');
    writeFileSync(
      bad,
      original.replace(
        'condition: service_completed_successfully',
        'condition: service_done',
      ),
    );
    const r = load(bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /condition value must be one of/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
