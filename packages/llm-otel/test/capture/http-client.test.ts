import assert from 'node:assert/strict';
import http, { get as namedGet } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import https from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { enableHttpCapture } from '../../src/capture/http-client.js';
import { cancelLater } from '../cancel-later.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import {
  CHAT_JSON,
  sha256,
  startLoopback,
  streamBody,
} from './loopback-server.js';
import type { Loopback } from './loopback-server.js';
import { selfSigned } from './self-signed.js';

/** http.Agent's own addRequest, which @types/node does not declare. */
interface AddRequest {
  addRequest(req: ClientRequest, options: RequestOptions): void;
}

const recorder = new FakeRecorder();
let server: Loopback;
let disable: (() => void) | undefined;

function on(): void {
  disable ??= enableHttpCapture(recorder);
}
function off(): void {
  disable?.();
  disable = undefined;
}

interface Outcome {
  status?: number;
  body?: Buffer;
  flowingAtResponse?: boolean | null;
  error?: unknown;
}

/** Runs one request to completion the way a typical client does. */
function exchange(
  start: (cb: (res: IncomingMessage) => void) => ClientRequest,
  afterStart?: (req: ClientRequest) => void,
): Promise<Outcome> {
  return new Promise(resolve => {
    const outcome: Outcome = {};
    const req = start(res => {
      outcome.status = res.statusCode;
      outcome.flowingAtResponse = res.readableFlowing;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ ...outcome, body: Buffer.concat(parts) }));
      res.on('error', error => resolve({ ...outcome, error }));
    });
    req.on('error', error => resolve({ ...outcome, error }));
    afterStart?.(req);
  });
}

function shape(error: unknown): unknown {
  const e = error as
    { name?: unknown; message?: unknown; code?: unknown } | undefined;
  return e === undefined
    ? undefined
    : {
        name: e.name,
        message: String(e.message).replace(/:\d+$/, ':PORT'),
        code: e.code,
      };
}

void describe('node:http client capture', () => {
  before(async () => {
    server = await startLoopback();
  });
  after(async () => {
    off();
    await server.close();
  });
  beforeEach(() => {
    off();
    recorder.reset();
  });

  void it('reports request(url, options, cb) with a written body', async () => {
    on();
    const outcome = await exchange(cb => {
      const req = http.request(
        `${server.origin}/v1/chat/completions?q=1`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: 'Bearer sk',
          },
        },
        cb,
      );
      req.write('{"model":');
      req.end(Buffer.from('"m"}'));
      return req;
    });
    assert.equal(outcome.body?.toString(), CHAT_JSON);
    assert.equal(server.received.at(-1)?.body, '{"model":"m"}');
    const [logged] = recorder.exchanges;
    assert.ok(logged !== undefined);
    const { startTime, ...request } = logged.request;
    assert.equal(typeof startTime, 'number');
    assert.deepEqual(request, {
      layer: 'http',
      method: 'POST',
      url: new URL(`${server.origin}/v1/chat/completions?q=1`),
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk',
        host: `127.0.0.1:${server.port}`,
      },
    });
    assert.deepEqual(logged.calls, [
      'requestBody',
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk',
      'end',
    ]);
    assert.equal(Buffer.concat(logged.requestBody).toString(), '{"model":"m"}');
    assert.equal(Buffer.concat(logged.chunks).toString(), CHAT_JSON);
    assert.deepEqual(logged.responseHeaders, {
      'content-type': 'application/json',
      'content-length': String(CHAT_JSON.length),
      'x-request-id': 'req_1',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
    });
  });

  void it('reports the target URL, not the proxy, of a request a proxy agent sends in absolute form', async () => {
    // What http-proxy-agent does: connect to the proxy (here the loopback)
    // and make the request target the whole URL.
    class AbsoluteFormAgent extends http.Agent {
      addRequest(req: ClientRequest, options: RequestOptions): void {
        req.path = `http://${options.host}:${options.port}${req.path}`;
        (http.Agent.prototype as unknown as AddRequest).addRequest.call(
          this,
          req,
          options,
        );
      }
      override createConnection(): Socket {
        return connect(server.port, '127.0.0.1');
      }
    }
    on();
    const target = 'http://llm.internal.test:8000/v1/chat/completions';
    const outcome = await exchange(cb =>
      http.get(target, { agent: new AbsoluteFormAgent() }, cb),
    );
    assert.equal(outcome.body?.toString(), CHAT_JSON);
    assert.equal(server.received.at(-1)?.path, '/v1/chat/completions');
    assert.deepEqual(
      recorder.exchanges.map(e => [e.request.url.href, e.calls.at(-1)]),
      [[target, 'end']],
    );
  });

  void it('reports the https default port through an agent that works its default out from the call stack, as agent-base does', async () => {
    // https-proxy-agent's defaultPort: 443 when node:https asks, else 80.
    class StackSniffingAgent extends http.Agent {
      get defaultPort(): number {
        return new Error().stack!.includes('node:https') ? 443 : 80;
      }
      set defaultPort(_port: number) {}
      override createConnection(): Socket {
        return connect(server.port, '127.0.0.1');
      }
    }
    const agent = new StackSniffingAgent();
    (agent as { protocol?: string }).protocol = 'https:';
    on();
    const target = 'https://llm.internal.test/v1/chat/completions';
    const outcome = await exchange(cb => https.get(target, { agent }, cb));
    assert.equal(outcome.body?.toString(), CHAT_JSON);
    assert.deepEqual(
      recorder.exchanges.map(e => [e.request.url.href, e.calls.at(-1)]),
      [[target, 'end']],
    );
  });

  void it('reports get(options, cb) and ESM named imports, streams byte-identical', async () => {
    const options: RequestOptions = {
      host: '127.0.0.1',
      port: server.port,
      path: '/v1/stream?n=40',
    };
    const plain = await exchange(cb => http.get(options, cb));
    on();
    const viaDefault = await exchange(cb => http.get(options, cb));
    const viaNamed = await exchange(cb =>
      namedGet(`${server.origin}/v1/stream?n=40`, cb),
    );
    for (const outcome of [viaDefault, viaNamed]) {
      assert.equal(sha256(outcome.body!), sha256(plain.body!));
      assert.equal(outcome.flowingAtResponse, plain.flowingAtResponse);
    }
    assert.equal(plain.body?.toString(), streamBody(40));
    assert.equal(recorder.exchanges.length, 2);
    for (const logged of recorder.exchanges) {
      assert.equal(logged.request.url.href, `${server.origin}/v1/stream?n=40`);
      assert.equal(logged.request.method, 'GET');
      assert.deepEqual(FakeRecorder.collapsed(logged.calls), [
        'requestBodyEnd',
        'responseHeaders 200',
        'chunk*',
        'end',
      ]);
      assert.equal(Buffer.concat(logged.chunks).toString(), streamBody(40));
    }
  });

  void it('keeps the paused mode and chunk order of a body read later', async () => {
    on();
    const res = await new Promise<IncomingMessage>(resolve =>
      http.get(`${server.origin}/v1/stream?n=30`, resolve),
    );
    assert.equal(res.readableFlowing, null);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    // The whole body was reported as it arrived, and is still all there for the app.
    const parts: Buffer[] = [];
    for await (const chunk of res) parts.push(chunk as Buffer);
    assert.deepEqual(
      Buffer.concat(parts),
      Buffer.concat(recorder.exchanges[0]!.chunks),
    );
    assert.equal(Buffer.concat(parts).toString(), streamBody(30));
  });

  void it('still dumps a response nobody listens for', async () => {
    on();
    const req = http.get(`${server.origin}/v1/chat/completions`);
    await new Promise(resolve => req.on('close', resolve));
    assert.equal(req.listenerCount('response'), 0);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    // Node discards a dumped body before push(): no chunks, like the app.
    assert.deepEqual(recorder.exchanges[0]!.calls, [
      'requestBodyEnd',
      'responseHeaders 200',
      'end',
    ]);
  });

  void it('decodes gzip for the recorder, raw bytes to the app', async () => {
    on();
    const outcome = await exchange(cb =>
      http.get(`${server.origin}/v1/gzip`, cb),
    );
    assert.equal(gunzipSync(outcome.body!).toString(), CHAT_JSON);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    assert.equal(
      Buffer.concat(recorder.exchanges[0]!.chunks).toString(),
      CHAT_JSON,
    );
  });

  void it('passes a body of an encoding it does not know on as sent, as fetch does, raw bytes to the app', async () => {
    on();
    const outcome = await exchange(cb =>
      http.get(`${server.origin}/v1/compress`, cb),
    );
    assert.deepEqual([...outcome.body!], [0x1f, 0x9d, 0x90, 0x7b, 0x22]);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [logged] = recorder.exchanges;
    assert.deepEqual(
      {
        calls: FakeRecorder.collapsed(logged!.calls),
        body: [...Buffer.concat(logged!.chunks)],
        bodyHidden: logged?.bodyHidden,
      },
      {
        calls: ['requestBodyEnd', 'responseHeaders 200', 'chunk*', 'end'],
        body: [0x1f, 0x9d, 0x90, 0x7b, 0x22],
        bodyHidden: undefined,
      },
    );
  });

  void it('classifies destroy, signal, timeout, refused and cut bodies, an abort from a timer as a timeout; same errors to the app', async () => {
    const closed = await startLoopback();
    await closed.close();
    const run = (): Promise<Outcome[]> =>
      Promise.all([
        // destroy() and abort() from a timer: time limits.
        exchange(
          cb => http.get(`${server.origin}/v1/hang`, cb),
          req => setTimeout(() => req.destroy(), 20),
        ),
        // The same, from elsewhere: cancels.
        exchange(
          cb => http.get(`${server.origin}/v1/hang`, cb),
          req => cancelLater(20, () => req.destroy()),
        ),
        exchange(cb => {
          const controller = new AbortController();
          cancelLater(20, () => controller.abort());
          return http.get(
            `${server.origin}/v1/hang`,
            { signal: controller.signal },
            cb,
          );
        }),
        exchange(cb =>
          http.get(
            `${server.origin}/v1/hang`,
            { signal: AbortSignal.timeout(20) },
            cb,
          ),
        ),
        exchange(cb => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(), 20);
          return http.get(
            `${server.origin}/v1/hang`,
            { signal: controller.signal },
            cb,
          );
        }),
        exchange(
          cb => http.get(`${server.origin}/v1/hang`, { timeout: 20 }, cb),
          req => req.on('timeout', () => req.destroy()),
        ),
        exchange(cb => http.get(`${closed.origin}/v1/chat/completions`, cb)),
        exchange(cb => http.get(`${server.origin}/v1/cut`, cb)),
      ]);
    const plain = await run();
    on();
    const observed = await run();
    assert.deepEqual(
      observed.map(o => shape(o.error)),
      plain.map(o => shape(o.error)),
    );
    await eventually(
      () =>
        recorder.exchanges.length === 8 &&
        recorder.exchanges.every(e => e.failure !== undefined),
    );
    const outcomes = recorder.exchanges
      .map(e => `${e.request.url.pathname} ${e.calls.at(-1)}`)
      .sort();
    assert.deepEqual(outcomes, [
      '/v1/chat/completions fail network',
      '/v1/cut fail network',
      '/v1/hang fail abort',
      '/v1/hang fail abort',
      '/v1/hang fail timeout',
      '/v1/hang fail timeout',
      '/v1/hang fail timeout',
      '/v1/hang fail timeout',
    ]);
    const refused = observed[6]?.error;
    assert.equal(
      recorder.exchanges.find(e => e.request.url.port === String(closed.port))
        ?.failure?.error,
      refused,
    );
  });

  void it("a body the server cuts is a network error with Node's code, also when the client destroys again from 'aborted' or adds no error listener", async () => {
    // How clients take a cut response: axios destroys the response with an
    // error of its own from 'aborted', got destroys the request, node-fetch 2
    // listens for no response error at all.
    const clients: ((res: IncomingMessage, req: ClientRequest) => void)[] = [
      res => res.on('aborted', () => res.destroy(new Error('stream aborted'))),
      (res, req) => res.on('aborted', () => req.destroy(new Error('read'))),
      res => res.on('close', () => undefined),
    ];
    on();
    const closes = clients.map(
      client =>
        new Promise<void>(resolve => {
          const req = http.get(`${server.origin}/v1/cut`, res => {
            client(res, req);
            res.on('data', () => undefined);
            res.on('close', resolve);
          });
          req.on('error', () => undefined);
        }),
    );
    await Promise.all(closes);
    await eventually(
      () =>
        recorder.exchanges.length === 3 &&
        recorder.exchanges.every(e => e.failure !== undefined),
    );
    assert.deepEqual(
      recorder.exchanges.map(e => ({
        reason: e.failure?.reason,
        code: (e.failure?.error as { code?: string } | undefined)?.code,
      })),
      [
        { reason: 'network', code: 'ECONNRESET' },
        { reason: 'network', code: 'ECONNRESET' },
        { reason: 'network', code: 'ECONNRESET' },
      ],
    );
  });

  void it('reports https requests (self-signed loopback server)', async t => {
    const pair = selfSigned();
    if (pair === undefined) {
      t.skip('openssl not available');
      return;
    }
    const tls = https.createServer(pair, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(CHAT_JSON);
    });
    await new Promise<void>(resolve => tls.listen(0, '127.0.0.1', resolve));
    const { port } = tls.address() as AddressInfo;
    try {
      on();
      const outcome = await exchange(cb =>
        https
          .request(
            {
              host: '127.0.0.1',
              port,
              path: '/v1/chat/completions',
              method: 'POST',
              ca: pair.cert,
            },
            cb,
          )
          .end('{}'),
      );
      const viaGet = await exchange(cb =>
        https.get(
          `https://127.0.0.1:${port}/v1/embeddings`,
          { ca: pair.cert },
          cb,
        ),
      );
      assert.equal(outcome.body?.toString(), CHAT_JSON);
      assert.equal(viaGet.body?.toString(), CHAT_JSON);
      assert.deepEqual(
        recorder.exchanges.map(e => [
          e.request.url.href,
          FakeRecorder.collapsed(e.calls),
        ]),
        [
          [
            `https://127.0.0.1:${port}/v1/chat/completions`,
            [
              'requestBody',
              'requestBodyEnd',
              'responseHeaders 200',
              'chunk*',
              'end',
            ],
          ],
          [
            `https://127.0.0.1:${port}/v1/embeddings`,
            ['requestBodyEnd', 'responseHeaders 200', 'chunk*', 'end'],
          ],
        ],
      );
    } finally {
      tls.closeAllConnections();
      await new Promise(resolve => tls.close(resolve));
    }
  });

  void it('ends the exchange at a protocol upgrade', async () => {
    const upgrading = http.createServer();
    upgrading.on('upgrade', (_req, socket) => {
      socket.end(
        'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n',
      );
    });
    await new Promise<void>(resolve =>
      upgrading.listen(0, '127.0.0.1', resolve),
    );
    const { port } = upgrading.address() as AddressInfo;
    try {
      on();
      const status = await new Promise<number | undefined>(
        (resolve, reject) => {
          http
            .get(`http://127.0.0.1:${port}/v1/realtime`, {
              headers: { connection: 'Upgrade', upgrade: 'websocket' },
            })
            .on('upgrade', (res: IncomingMessage, socket) => {
              socket.destroy();
              resolve(res.statusCode);
            })
            .on('error', reject);
        },
      );
      assert.equal(status, 101);
      assert.deepEqual(recorder.exchanges[0]?.calls, [
        'requestBodyEnd',
        'responseHeaders 101',
        'end',
      ]);
      assert.deepEqual(recorder.exchanges[0]?.responseHeaders, {
        upgrade: 'websocket',
        connection: 'Upgrade',
      });
    } finally {
      upgrading.closeAllConnections();
      await new Promise(resolve => upgrading.close(resolve));
    }
  });

  void it('leaves requests the recorder may not record alone without asking begin()', async () => {
    recorder.mayRecord = (_method, url) => url.pathname.startsWith('/v1/');
    on();
    const outcome = await exchange(cb =>
      http.get(`${server.origin}/other`, cb),
    );
    assert.equal(outcome.body?.toString(), CHAT_JSON);
    assert.deepEqual([recorder.seen.length, recorder.exchanges.length], [0, 0]);
  });

  void it('leaves non-LLM requests alone', async () => {
    on();
    let req: ClientRequest | undefined;
    const outcome = await exchange(
      cb => (req = http.get(`${server.origin}/other`, cb)),
    );
    assert.equal(outcome.body?.toString(), CHAT_JSON);
    assert.equal(recorder.seen.length, 1);
    assert.equal(recorder.exchanges.length, 0);
    assert.deepEqual(
      Object.keys(req!).filter(k =>
        ['emit', 'write', 'end', 'destroy'].includes(k),
      ),
      [],
    );
  });

  void it('does not interfere when the recorder throws', async () => {
    on();
    recorder.throwing = true;
    const outcome = await exchange(cb => {
      const req = http.request(
        `${server.origin}/v1/stream?n=5`,
        { method: 'POST' },
        cb,
      );
      req.end('{}');
      return req;
    });
    assert.equal(outcome.body?.toString(), streamBody(5));
    assert.equal(recorder.seen.length, 1);
  });

  void it('restores node:http on disable', () => {
    const original = http.request;
    on();
    assert.notEqual(http.request, original);
    off();
    assert.equal(http.request, original);
  });
});
