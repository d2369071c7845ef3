#!/usr/bin/env node
// Finds *.test.ts files and runs them with Node's test runner. Node 20's
// `--test` does not expand glob patterns, so we collect the files ourselves.
//
//   node scripts/run-tests.mjs unit   # everything that needs no Go backends
//   node scripts/run-tests.mjs e2e    # suites that run the real Collector, Prometheus, Jaeger
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

// Suites that need the real backends built by collector/build/build-backends.sh.
const BACKEND_DIRS = [
  'test/e2e',
  'test/collector',
  'test/rules',
  'test/dashboards',
];

const suite = process.argv[2] ?? 'unit';
const extra = process.argv.slice(3);
const root = new URL('..', import.meta.url).pathname;

function walk(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.'))
      continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts'))
      out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

const all = [
  ...walk(join(root, 'test'), []),
  ...walk(join(root, 'packages'), []),
].sort();
const needsBackends = f => BACKEND_DIRS.some(d => f.startsWith(d + '/'));
const files = all.filter(f =>
  suite === 'e2e' ? needsBackends(f) : !needsBackends(f),
);
if (files.length === 0) {
  console.error(`no test files for suite "${suite}"`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...extra, ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
