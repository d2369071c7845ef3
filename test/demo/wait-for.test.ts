// The compose start-up waiter (packages/demo-app/src/wait-for.ts): exit 0 once
// every URL answers 2xx, exit 1 when the timeout passes first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';

const REPO = new URL('../../', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise(resolve => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/demo-app/src/wait-for.ts', ...args],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', code => {
      clearTimeout(limit);
      resolve({ code, out });
    });
  });
}

void test('exit 0 when every URL answers 2xx', async () => {
  const server = createServer((req, res) =>
    res.writeHead(req.url === '/ready' ? 200 : 503).end(),
  );
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    const url = `http://127.0.0.1:${port}/ready`;
    const r = await run(['--timeout-seconds', '10', url]);
    assert.deepEqual(r, { code: 0, out: `up: ${url}\n` });
  } finally {
    server.close();
  }
});

void test('exit 1 naming the URLs still down when the timeout passes', async () => {
  const server = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  try {
    const url = `http://127.0.0.1:${port}/ready`;
    const r = await run(['--timeout-seconds', '0', url]);
    assert.deepEqual(r, { code: 1, out: `not up after 0s: ${url}\n` });
  } finally {
    server.close();
  }
});
