// A loopback HTTP server that answers each request from a queue of scripted
// responses, in the provider's own wire format, and remembers what it got.
// Streams are written chunk by chunk. Tests script exact bodies.

import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  /** A whole body (objects are sent as JSON). */
  body?: unknown;
  /** Stream chunks, written one by one. */
  chunks?: string[];
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WireServer {
  readonly origin: string;
  readonly received: Received[];
  /** Queue responses for the next requests, in order. */
  reply(...responses: Scripted[]): void;
  close(): Promise<void>;
}

export function sse(events: unknown[], done = true): string[] {
  const out = events.map(e =>
    typeof e === 'string' ? e : `data: ${JSON.stringify(e)}\n\n`,
  );
  if (done) out.push('data: [DONE]\n\n');
  return out;
}

export function namedSse(events: [string, unknown][]): string[] {
  return events.map(
    ([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

export async function startWireServer(): Promise<WireServer> {
  const queue: Scripted[] = [];
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      });
      const next = queue.shift() ?? {
        status: 500,
        body: { error: { message: 'no scripted response', type: 'test' } },
      };
      if (next.delayMs !== undefined) {
        const answer = (): void => respond(next);
        setTimeout(answer, next.delayMs);
        return;
      }
      respond(next);
    });
    const respond = (next: Scripted): void => {
      if (res.destroyed) return;
      const stream = next.chunks !== undefined;
      res.writeHead(next.status ?? 200, {
        'content-type': stream ? 'text/event-stream' : 'application/json',
        ...next.headers,
      });
      if (next.chunks !== undefined) {
        const chunks = [...next.chunks];
        const write = (): void => {
          const c = chunks.shift();
          if (c === undefined) {
            res.end();
            return;
          }
          res.write(c, () => setImmediate(write));
        };
        write();
        return;
      }
      res.end(
        typeof next.body === 'string' ? next.body : JSON.stringify(next.body),
      );
    };
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    reply: (...responses) => queue.push(...responses),
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
