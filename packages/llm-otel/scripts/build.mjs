#!/usr/bin/env node
// Builds dual output with tsc: dist/esm (ES modules, with .d.ts) and dist/cjs
// (CommonJS, marked by its own package.json since the package is
// "type": "module"). Both copies share process state via a globalThis symbol.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build.cjs.json']) {
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, project)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
mkdirSync(join(root, 'dist/cjs'), { recursive: true });
writeFileSync(
  join(root, 'dist/cjs/package.json'),
  JSON.stringify({ type: 'commonjs' }, null, 2) + '\n',
);
