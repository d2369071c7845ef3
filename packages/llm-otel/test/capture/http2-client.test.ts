import assert from 'node:assert/strict';
import http2, { connect as namedConnect } from 'node:http2';
import type {
  ClientHttp2Session,
  ClientHttp2Stream,
  Http2Server,
  IncomingHttpHeaders,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { enableHttp2Capture } from '../../src/capture/http2-client.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { selfSigned } from './self-signed.js';

const recorder = new FakeRecorder();
let server: Http2Server;
let origin: string;
let disable: (() => void) | undefined;
const sessions = new Set<ClientHttp2Session>();

function on(): void {
  disable ??= enableHttp2Capture(recorder);
}
function off(): void {
  disable?.();
  disable = undefined;
}

const PIECES = ['data: {"a":1}\n\n', 'data: {"a":2}\n\n', 'data: [DONE]\n\n'];
const JSON_BODY = '{"id":"chatcmpl-1","usage":{"prompt_tokens":3}}';

function startServer(): Promise<void> {
  server = http2.createServer();
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    const path = String(headers[':path']);
    const parts: Buffer[] = [];
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => {
      const received = Buffer.concat(parts).toString();
      switch (path) {
        case '/v1/json':
        case '/other':
          stream.respond({
            ':status': 200,
            'content-type': 'application/json',
            'x-echo-length': String(received.length),
          });
          stream.end(JSON_BODY);
          return;
        case '/v1/stream': {
          stream.respond({
            ':status': 200,
            'content-type': 'text/event-stream',
          });
          let i = 0;
          const next = (): void => {
            if (stream.destroyed) return;
            if (i === PIECES.length) {
              stream.end();
              return;
            }
            stream.write(PIECES[i++]);
            setTimeout(next, 2);
          };
          next();
          return;
        }
        case '/v1/gzip':
          stream.respond({
            ':status': 200,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          });
          stream.end(gzipSync(JSON_BODY));
          return;
        case '/v1/reset':
          // The connection drops mid-body.
          stream.respond({
            ':status': 200,
            'content-type': 'text/event-stream',
          });
          stream.write(PIECES[0], () =>
            setTimeout(() => stream.session?.destroy(), 5),
          );
          return;
        case '/v1/hang':
          stream.respond({
            ':status': 200,
            'content-type': 'text/event-stream',
          });
          stream.write(PIECES[0]);
          return; // the client gives up
        case '/v1/429':
          stream.respond({
            ':status': 429,
            'content-type': 'application/json',
          });
          stream.end('{"message":"slow down"}');
          return;
        default:
          stream.respond({ ':status': 404 });
          stream.end();
      }
    });
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

interface Outcome {
  status?: number;
  headers?: Record<string, unknown>;
  flowingAtResponse?: boolean | null;
  body?: string;
  error?: unknown;
  closed?: { rstCode: number | undefined; aborted: boolean };
}

function open(): ClientHttp2Session {
  const session = http2.connect(origin);
  sessions.add(session);
  session.on('error', () => undefined);
  return session;
}

/** One request to completion the way a typical client reads it. */
function run(
  path: string,
  opts: {
    body?: string[];
    method?: string;
    signal?: AbortSignal;
    during?: (stream: ClientHttp2Stream) => void;
    timeout?: number;
  } = {},
): Promise<Outcome> {
  const session = open();
  return new Promise(resolve => {
    const outcome: Outcome = {};
    const stream = session.request(
      {
        ':method': opts.method ?? 'POST',
        ':path': path,
        'content-type': 'application/json',
        authorization: 'Bearer secret',
      },
      opts.signal === undefined ? {} : { signal: opts.signal },
    );
    if (opts.timeout !== undefined)
      stream.setTimeout(opts.timeout, () =>
        stream.close(http2.constants.NGHTTP2_CANCEL),
      );
    const parts: Buffer[] = [];
    stream.on('response', (headers: IncomingHttpHeaders) => {
      outcome.status = Number(headers[':status']);
      const rest: Record<string, unknown> = { ...headers };
      delete rest['date'];
      outcome.headers = rest;
      outcome.flowingAtResponse = stream.readableFlowing;
      stream.on('data', (c: Buffer) => {
        parts.push(c);
        opts.during?.(stream);
      });
    });
    stream.on('error', error => {
      outcome.error = {
        name: error.name,
        code: (error as { code?: unknown }).code,
      };
    });
    stream.on('close', () => {
      outcome.body = Buffer.concat(parts).toString();
      outcome.closed = { rstCode: stream.rstCode, aborted: stream.aborted };
      session.close();
      resolve(outcome);
    });
    if (opts.method !== 'GET') {
      for (const piece of opts.body?.slice(0, -1) ?? []) stream.write(piece);
      stream.end(opts.body?.at(-1));
    }
  });
}

/** Runs the same request with capture off and on: the app must see the same. */
async function sameWithCapture(
  path: string,
  opts: Parameters<typeof run>[1] = {},
): Promise<Outcome> {
  off();
  const plain = await run(path, opts);
  on();
  const captured = await run(path, opts);
  assert.deepStrictEqual(captured, plain);
  return captured;
}

void describe('node:http2 client capture', () => {
  before(startServer);
  after(async () => {
    off();
    for (const s of sessions) s.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  });
  beforeEach(() => {
    off();
    recorder.reset();
  });

  void it('reports request headers, body, response headers, chunks and end', async () => {
    const outcome = await sameWithCapture('/v1/json', {
      body: ['{"model":', '"m"}'],
    });
    assert.equal(outcome.body, JSON_BODY);
    assert.equal(outcome.flowingAtResponse, null);
    assert.equal(recorder.exchanges.length, 1);
    const [x] = recorder.exchanges;
    assert.ok(x);
    assert.equal(x.request.layer, 'http2');
    assert.equal(x.request.method, 'POST');
    assert.equal(x.request.url.href, `${origin}/v1/json`);
    assert.deepStrictEqual(x.request.headers, {
      'content-type': 'application/json',
      authorization: 'Bearer secret',
    });
    assert.equal(typeof x.request.startTime, 'number');
    assert.deepStrictEqual(FakeRecorder.collapsed(x.calls), [
      'requestBody',
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.equal(Buffer.concat(x.requestBody).toString(), '{"model":"m"}');
    assert.equal(Buffer.concat(x.chunks).toString(), JSON_BODY);
    assert.equal(x.responseHeaders?.['content-type'], 'application/json');
    assert.equal(x.responseHeaders?.['x-echo-length'], '13');
    assert.equal(x.status, 200);
  });

  void it('reports a streamed body piece by piece, identical to what the app reads', async () => {
    const outcome = await sameWithCapture('/v1/stream', { body: ['{}'] });
    assert.equal(outcome.body, PIECES.join(''));
    const [x] = recorder.exchanges;
    assert.ok(x);
    assert.equal(Buffer.concat(x.chunks).toString(), PIECES.join(''));
    assert.ok(x.chunks.length >= 2);
    assert.equal(x.calls.at(-1), 'end');
  });

  void it('reports error statuses with their body', async () => {
    const outcome = await sameWithCapture('/v1/429', { body: ['{}'] });
    assert.equal(outcome.status, 429);
    const [x] = recorder.exchanges;
    assert.deepStrictEqual(FakeRecorder.collapsed(x?.calls ?? []), [
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 429',
      'chunk*',
      'end',
    ]);
  });

  void it('gives the recorder a gzip body decoded and the app the raw bytes', async () => {
    const outcome = await sameWithCapture('/v1/gzip', { body: ['{}'] });
    assert.equal(outcome.body, gzipSync(JSON_BODY).toString());
    const x = recorder.exchanges[0];
    await eventually(() => x?.calls.at(-1) === 'end');
    assert.equal(Buffer.concat(x?.chunks ?? []).toString(), JSON_BODY);
  });

  void it('leaves streams the recorder may not record alone without asking begin()', async () => {
    recorder.mayRecord = (_method, url) => url.pathname.startsWith('/v1/');
    await sameWithCapture('/other', { body: ['{}'] });
    assert.deepEqual([recorder.seen.length, recorder.exchanges.length], [0, 0]);
  });

  void it('leaves non-LLM streams alone (begin declined)', async () => {
    await sameWithCapture('/other', { body: ['{}'] });
    assert.equal(recorder.exchanges.length, 0);
    assert.equal(recorder.seen.length, 1);
    assert.equal(recorder.seen[0]?.url.pathname, '/other');
  });

  void it('ends the request body at once for GET (endStream)', async () => {
    await sameWithCapture('/v1/json', { method: 'GET' });
    const [x] = recorder.exchanges;
    assert.deepStrictEqual(FakeRecorder.collapsed(x?.calls ?? []), [
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.equal(x?.request.method, 'GET');
  });

  void it('reports a connection dropped mid-body as network, and does not interfere with the app error', async () => {
    const outcome = await sameWithCapture('/v1/reset', { body: ['{}'] });
    assert.deepStrictEqual(outcome.closed, { rstCode: 8, aborted: false });
    assert.equal(outcome.body, PIECES[0]);
    const [x] = recorder.exchanges;
    assert.deepStrictEqual(FakeRecorder.collapsed(x?.calls ?? []), [
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'fail network',
    ]);
  });

  void it('reports close() by the app as abort, and does not interfere with the app', async () => {
    const outcome = await sameWithCapture('/v1/hang', {
      body: ['{}'],
      during: s => s.close(http2.constants.NGHTTP2_CANCEL),
    });
    assert.deepStrictEqual(outcome.closed, {
      rstCode: http2.constants.NGHTTP2_CANCEL,
      aborted: false,
    });
    assert.equal(recorder.exchanges[0]?.calls.at(-1), 'fail abort');
  });

  void it('reports destroy() by the app as abort, and does not interfere with the app', async () => {
    await sameWithCapture('/v1/hang', {
      body: ['{}'],
      during: s => s.destroy(),
    });
    assert.equal(recorder.exchanges[0]?.calls.at(-1), 'fail abort');
  });

  void it('reports an AbortSignal as abort, and does not interfere with the app', async () => {
    let controller = new AbortController();
    const outcome = await sameWithCapture('/v1/hang', {
      body: ['{}'],
      get signal() {
        return controller.signal;
      },
      during: () => {
        controller.abort();
        controller = new AbortController();
      },
    });
    assert.deepStrictEqual(outcome.error, {
      name: 'AbortError',
      code: 'ABORT_ERR',
    });
    assert.equal(recorder.exchanges[0]?.calls.at(-1), 'fail abort');
  });

  void it('reports close() or destroy() the app makes in a timer callback as timeout, and does not interfere with the app', async () => {
    await sameWithCapture('/v1/hang', {
      body: ['{}'],
      during: s =>
        void setTimeout(() => s.close(http2.constants.NGHTTP2_CANCEL), 1),
    });
    await sameWithCapture('/v1/hang', {
      body: ['{}'],
      during: s => void setTimeout(() => s.destroy(), 1),
    });
    assert.deepEqual(
      recorder.exchanges.map(e => e.calls.at(-1)),
      ['fail timeout', 'fail timeout'],
    );
  });

  void it('reports a stream timeout as timeout, and does not interfere with the app', async () => {
    await sameWithCapture('/v1/hang', { body: ['{}'], timeout: 30 });
    assert.equal(recorder.exchanges[0]?.calls.at(-1), 'fail timeout');
  });

  void it('does not interfere when the recorder throws', async () => {
    recorder.throwing = true;
    const outcome = await sameWithCapture('/v1/stream', { body: ['{}'] });
    assert.equal(outcome.body, PIECES.join(''));
  });

  void it('is symmetric: disable restores http2.connect, also for ESM named imports', () => {
    const original = http2.connect;
    assert.equal(namedConnect, original);
    const stop = enableHttp2Capture(recorder);
    assert.notEqual(http2.connect, original);
    assert.equal(namedConnect, http2.connect);
    assert.equal(http2.connect.name, original.name);
    stop();
    stop();
    assert.equal(http2.connect, original);
    assert.equal(namedConnect, original);
  });

  void it('stops reporting on sessions opened before disable', async () => {
    on();
    const session = open();
    off();
    await new Promise<void>(resolve => {
      const s = session.request({ ':method': 'POST', ':path': '/v1/json' });
      s.resume();
      s.on('close', () => resolve());
      s.end('{}');
    });
    session.close();
    assert.equal(recorder.seen.length, 0);
  });
  void it('reports https:// URLs for TLS sessions (h2 over ALPN)', async t => {
    const tls = selfSigned();
    if (tls === undefined) {
      t.skip('openssl not available');
      return;
    }
    const secure = http2.createSecureServer(tls, (req, res) => {
      res.setHeader('content-type', 'application/json');
      req.resume();
      req.on('end', () => res.end(JSON_BODY));
    });
    await new Promise<void>(resolve => secure.listen(0, '127.0.0.1', resolve));
    const port = (secure.address() as AddressInfo).port;
    on();
    try {
      const session = http2.connect(`https://localhost:${port}`, {
        ca: tls.cert,
      });
      const body = await new Promise<string>((resolve, reject) => {
        const s = session.request({ ':method': 'POST', ':path': '/v1/json' });
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('end', () => resolve(Buffer.concat(parts).toString()));
        s.on('error', reject);
        s.end('{}');
      });
      session.close();
      assert.equal(body, JSON_BODY);
      const [x] = recorder.exchanges;
      assert.equal(x?.request.url.href, `https://localhost:${port}/v1/json`);
      assert.equal(x?.calls.at(-1), 'end');
    } finally {
      await new Promise<void>(resolve => secure.close(() => resolve()));
    }
  });
});
