// postSync blocks this thread, so the servers it talks to run in a child
// process: each prints its port, then one JSON line per request it saw.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { postSync } from '../../src/sdk/post-sync.js';

const SERVER = `
const http = require('node:http');
const mode = process.argv[1];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    console.log(JSON.stringify({
      method: req.method,
      url: req.url,
      type: req.headers['content-type'],
      tenant: req.headers['x-tenant'],
      length: req.headers['content-length'],
      body: Buffer.concat(chunks).toString('hex'),
    }));
    if (mode === 'hang') return;
    res.writeHead(mode === 'reject' ? 503 : 200).end('{}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

interface Seen {
  method: string;
  url: string;
  type: string;
  tenant: string;
  length: string;
  body: string;
}

interface Receiver {
  url: string;
  next(): Promise<Seen>;
}

const children: ChildProcessWithoutNullStreams[] = [];

async function receiver(mode: 'ok' | 'reject' | 'hang'): Promise<Receiver> {
  const child = spawn(process.execPath, ['-e', SERVER, mode]);
  children.push(child);
  const lines = createInterface({ input: child.stdout })[
    Symbol.asyncIterator
  ]();
  const port = (await lines.next()).value as string;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    next: async () => JSON.parse((await lines.next()).value as string) as Seen,
  };
}

after(() => {
  for (const child of children) child.kill();
});

const BODY = new Uint8Array([0x0a, 0x00, 0xff, 0x10]);
const HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'x-tenant': 'acme',
};

void describe('postSync', () => {
  void it('posts the body and headers from a worker and returns the answer', async () => {
    const server = await receiver('ok');
    const outcome = postSync(
      [{ url: server.url, headers: HEADERS, body: BODY }],
      5_000,
    );
    assert.deepEqual(outcome, [{ kind: 'sent', status: 200 }]);
    assert.deepEqual(await server.next(), {
      method: 'POST',
      url: '/v1/traces',
      type: 'application/x-protobuf',
      tenant: 'acme',
      length: '4',
      body: '0a00ff10',
    });
  });

  void it('sends several posts from one worker, each with its own outcome', async () => {
    const ok = await receiver('ok');
    const reject = await receiver('reject');
    const url = (u: string, path: string) => u.replace('/v1/traces', path);
    assert.deepEqual(
      postSync(
        [
          { url: url(ok.url, '/v1/metrics'), headers: HEADERS, body: BODY },
          { url: reject.url, headers: HEADERS, body: BODY },
          { url: 'http://127.0.0.1:1/x', headers: HEADERS, body: BODY },
        ],
        5_000,
      ),
      [
        { kind: 'sent', status: 200 },
        { kind: 'rejected', status: 503 },
        { kind: 'failed', reason: 'the request failed' },
      ],
    );
    assert.equal((await ok.next()).url, '/v1/metrics');
  });

  void it('returns nothing for nothing, without starting a worker', () => {
    assert.deepEqual(postSync([], 5_000), []);
  });

  void it('reports a non-2xx answer as rejected', async () => {
    const server = await receiver('reject');
    assert.deepEqual(
      postSync([{ url: server.url, headers: HEADERS, body: BODY }], 5_000),
      [{ kind: 'rejected', status: 503 }],
    );
  });

  void it('reports a refused connection as failed', () => {
    assert.deepEqual(
      postSync(
        [{ url: 'http://127.0.0.1:1/v1/traces', headers: HEADERS, body: BODY }],
        5_000,
      ),
      [{ kind: 'failed', reason: 'the request failed' }],
    );
  });

  void it('gives up at the bound when the server never answers', async () => {
    const server = await receiver('hang');
    assert.deepEqual(
      postSync([{ url: server.url, headers: HEADERS, body: BODY }], 300),
      [{ kind: 'timeout' }],
    );
    // It did arrive: only the answer is missing.
    assert.equal((await server.next()).body, '0a00ff10');
  });
});
