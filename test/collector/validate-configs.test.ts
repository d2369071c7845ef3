// Every shipped config is checked by the real binary that runs it.
//   bash collector/build/build-backends.sh && npm run test:e2e
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { backendBin } from '../e2e/backends/backend-bin-dir.js';

const COLLECTOR = fileURLToPath(new URL('../../collector/', import.meta.url));

function run(bin: string, args: string[]): { ok: boolean; out: string } {
  try {
    return {
      ok: true,
      out: execFileSync(bin, args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      }),
    };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const collectorConfigs = [
  join(COLLECTOR, 'otelcol.yaml'),
  ...readdirSync(join(COLLECTOR, 'testdata'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => join(COLLECTOR, 'testdata', f)),
  ...readdirSync(join(COLLECTOR, 'bench'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => join(COLLECTOR, 'bench', f)),
];

for (const config of collectorConfigs) {
  void test(`otelcol validate ${config.slice(COLLECTOR.length)}`, () => {
    const r = run(backendBin('otelcol-llm'), [
      'validate',
      `--config=${config}`,
    ]);
    assert.equal(r.ok, true, r.out);
  });
}

void test('otelcol validate rejects a broken config (the check can fail)', () => {
  const r = run(backendBin('otelcol-llm'), [
    'validate',
    `--config=${join(COLLECTOR, 'testdata', 'invalid', 'unknown-component.yml')}`,
  ]);
  assert.equal(r.ok, false);
  assert.match(r.out, /unknown type: "tail_sampling"/);
});

void test('the ocb build has exactly the components of collector/ocb/manifest.yaml', () => {
  const manifest = readFileSync(
    join(COLLECTOR, 'ocb', 'manifest.yaml'),
    'utf8',
  );
  const modules = [...manifest.matchAll(/gomod: \S+\/(\w+) v[\d.]+/g)]
    .map(m => m[1]!)
    .filter(m => !m.endsWith('provider'));
  const out = run(backendBin('otelcol-llm'), ['components']).out;
  const modulesInBuild = [...out.matchAll(/module: \S+\/(\w+) v[\d.]+/g)]
    .map(m => m[1]!)
    .filter(m => !m.endsWith('provider'));
  assert.deepEqual([...new Set(modulesInBuild)].sort(), [...modules].sort());
});

void test('jaeger validate collector/jaeger/jaeger.yaml', () => {
  const r = run(backendBin('jaeger'), [
    'validate',
    `--config=${join(COLLECTOR, 'jaeger', 'jaeger.yaml')}`,
  ]);
  assert.equal(r.ok, true, r.out);
});

void test('promtool check config collector/prometheus/prometheus.yml (and the rule files it loads)', () => {
  const r = run(backendBin('promtool'), [
    'check',
    'config',
    join(COLLECTOR, 'prometheus', 'prometheus.yml'),
  ]);
  assert.equal(r.ok, true, r.out);
  assert.match(
    r.out,
    /SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/,
  );
});
