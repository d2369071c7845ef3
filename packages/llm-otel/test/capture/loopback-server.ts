// A real HTTP server on 127.0.0.1 for capture tests: fixed responses with no
// Date header, so whole header objects can be asserted.

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export const CHAT_COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello!', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
};
export const CHAT_JSON = JSON.stringify(CHAT_COMPLETION);

export function sseChunk(i: number): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: `t${i}` } }] })}\n\n`;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The full SSE body /v1/stream?n=N sends. */
export function streamBody(n: number): string {
  let body = '';
  for (let i = 0; i < n; i++) body += sseChunk(i);
  return body + 'data: [DONE]\n\n';
}

export interface Loopback {
  readonly origin: string;
  readonly port: number;
  /** Request bodies received, in order. */
  readonly received: {
    path: string;
    body: string;
    headers: http.IncomingHttpHeaders;
  }[];
  close(): Promise<void>;
}

export async function startLoopback(): Promise<Loopback> {
  const received: Loopback['received'] = [];
  const attempts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    res.sendDate = false;
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      received.push({
        path: url.pathname,
        body: Buffer.concat(parts).toString(),
        headers: req.headers,
      });
      const n = Number(url.searchParams.get('n') ?? '3');
      const streamed = /"stream":\s*true/.test(Buffer.concat(parts).toString());
      const path =
        url.pathname === '/v1/retry/chat/completions'
          ? '/v1/retry'
          : streamed && url.pathname === '/v1/chat/completions'
            ? '/v1/stream'
            : url.pathname;
      switch (path) {
        case '/v1/chat/completions':
        case '/other': {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(CHAT_JSON),
            'x-request-id': 'req_1',
          });
          res.end(CHAT_JSON);
          return;
        }
        case '/v1/retry': {
          // 429 on the first attempt of each key, then the completion.
          const key = String(req.headers['x-key'] ?? '');
          const count = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, count);
          if (count === 1) {
            res.writeHead(429, {
              'content-type': 'application/json',
              'retry-after-ms': '1',
            });
            res.end(
              '{"error":{"message":"slow down","type":"rate_limit","code":"rate_limit_exceeded"}}',
            );
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(CHAT_JSON);
          return;
        }
        case '/v1/stream': {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          let i = 0;
          const next = (): void => {
            if (res.destroyed) return;
            if (i === n) {
              res.end('data: [DONE]\n\n');
              return;
            }
            res.write(sseChunk(i++));
            setTimeout(next, 1);
          };
          next();
          return;
        }
        case '/v1/big': {
          // A large body written in one piece: many socket reads on the client.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(Buffer.alloc(n, 0x61));
          return;
        }
        case '/v1/gzip': {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          });
          res.end(zlib.gzipSync(CHAT_JSON));
          return;
        }
        case '/v1/compress': {
          // An encoding nobody decodes here: bytes the recorder cannot read.
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'compress',
          });
          res.end(Buffer.from([0x1f, 0x9d, 0x90, 0x7b, 0x22]));
          return;
        }
        case '/v1/cut-json': {
          // A JSON answer that promises more than it sends, then drops.
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': '1000',
          });
          res.write(CHAT_JSON.slice(0, 40), () =>
            setTimeout(() => res.socket?.destroy(), 10),
          );
          return;
        }
        case '/v1/hang-json': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(CHAT_JSON.slice(0, 40));
          return; // never ends: the client aborts.
        }
        case '/v1/malformed': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "chatcmpl-1", "choices": [');
          return;
        }
        case '/v1/cut': {
          // Promises 1000 bytes, sends 10, then drops the connection.
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'content-length': '1000',
          });
          res.write('data: {"a"', () =>
            setTimeout(() => res.socket?.destroy(), 10),
          );
          return;
        }
        case '/v1/hang-body': {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(sseChunk(0));
          return; // never ends: the client aborts or times out.
        }
        case '/v1/empty': {
          res.writeHead(204, { 'x-request-id': 'req_2' });
          res.end();
          return;
        }
        case '/v1/redirect': {
          res.writeHead(302, { location: '/v1/chat/completions' });
          res.end();
          return;
        }
        case '/v1/hang': {
          return; // no response at all.
        }
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
