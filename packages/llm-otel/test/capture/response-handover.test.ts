// Global fetch with every layer on. Through the process-wide dispatcher the
// dispatcher tap sees the bytes (every Node); with the npm undici 7 as the
// app's dispatcher, its body-chunk channels do (any Node). Either way the app
// gets fetch's own Response, untouched, and the recorder sees the body as it
// arrives.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { Agent, ProxyAgent } from 'undici';
import { enableCapture } from '../../src/capture/install-capture.js';
import { handedOverFailReason } from '../../src/capture/fail-reason.js';
import { ResponseHandover } from '../../src/capture/response-handover.js';
import { GuardedSink } from '../../src/capture/guarded-sink.js';
import { fetchPublishesBodyChunks } from '../fetch-publishes-body-chunks.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import type { LoggedExchange } from './fake-recorder.js';
import { CHAT_JSON, startLoopback, streamBody } from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const recorder = new FakeRecorder();
let server: Loopback;
let disable: () => void;
let npmAgent: Agent;

const isOriginal = (res: Response): boolean =>
  Object.getPrototypeOf(res) === Response.prototype;

async function finished(): Promise<LoggedExchange> {
  await eventually(
    () =>
      recorder.exchanges.length === 1 &&
      (recorder.exchanges[0]!.calls.at(-1) === 'end' ||
        recorder.exchanges[0]!.failure !== undefined),
  );
  return recorder.exchanges[0]!;
}

/** What the recorder saw of the response, chunk boundaries aside. */
async function seen(): Promise<unknown> {
  const e = await finished();
  return {
    layer: e.request.layer,
    calls: FakeRecorder.collapsed(e.calls),
    body: Buffer.concat(e.chunks).toString(),
    contentType: e.responseHeaders?.['content-type'],
  };
}

async function readChunks(res: Response): Promise<string> {
  const parts: Buffer[] = [];
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts).toString();
    parts.push(Buffer.from(value));
  }
}

/** The app read the chat completion, and the recorder saw all of it. */
async function appAndRecorderGotTheCompletion(res: Response): Promise<void> {
  assert.equal(await res.text(), CHAT_JSON);
  assert.deepEqual(await seen(), {
    layer: 'fetch',
    calls: ['responseHeaders 200', 'chunk*', 'end'],
    body: CHAT_JSON,
    contentType: 'application/json',
  });
}

const post = (extra: RequestInit = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"model":"m","stream":true}',
  ...extra,
});

void describe('fetch responses handed over to the undici layer', () => {
  before(async () => {
    server = await startLoopback();
    npmAgent = new Agent();
    context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable(),
    );
    disable = enableCapture(recorder);
    // Also teaches capture which undici copies publish chunks (non-LLM
    // calls), and loads the bundled undici.
    await fetchPublishesBodyChunks();
    assert.equal(
      await fetchPublishesBodyChunks({ dispatcher: npmAgent } as RequestInit),
      true,
    );
  });
  after(async () => {
    disable();
    context.disable();
    await npmAgent.close();
    await server.close();
  });
  beforeEach(() => recorder.reset());

  void it('a non-stream response reaches the app untouched and is reported whole', async () => {
    const res = await fetch(`${server.origin}/v1/chat/completions`, {
      method: 'POST',
      body: '{"model":"m"}',
    });
    assert.equal(isOriginal(res), true);
    await appAndRecorderGotTheCompletion(res);
  });

  void it('a stream on the npm undici dispatcher is handed over on any Node and read chunk by chunk', async () => {
    const res = await fetch(`${server.origin}/v1/chat/completions?n=5`, {
      ...post(),
      dispatcher: npmAgent,
    } as RequestInit);
    assert.equal(isOriginal(res), true);
    assert.equal(await readChunks(res), streamBody(5));
    assert.deepEqual(await seen(), {
      layer: 'fetch',
      calls: ['responseHeaders 200', 'chunk*', 'end'],
      body: streamBody(5),
      contentType: 'text/event-stream',
    });
  });

  void it('a call through a tunnelling ProxyAgent of its own is reported with its response, not the tunnel', async () => {
    // A forward proxy that answers CONNECT by piping to the target.
    const proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      // A new agent each time: each call opens its own tunnel.
      for (const n of [3, 4]) {
        recorder.reset();
        const dispatcher = new ProxyAgent({ uri });
        const res = await fetch(`${server.origin}/v1/chat/completions?n=${n}`, {
          ...post(),
          dispatcher,
        } as RequestInit);
        assert.equal(await readChunks(res), streamBody(n));
        assert.deepEqual(await seen(), {
          layer: 'fetch',
          calls: ['responseHeaders 200', 'chunk*', 'end'],
          body: streamBody(n),
          contentType: 'text/event-stream',
        });
        await dispatcher.close();
      }
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  void it('a gzip response is reported decoded while the app gets it as fetch decodes it', async () => {
    const res = await fetch(`${server.origin}/v1/gzip`);
    assert.equal(isOriginal(res), true);
    await appAndRecorderGotTheCompletion(res);
  });

  void it('a redirect fetch follows is one exchange with the final response', async () => {
    const res = await fetch(`${server.origin}/v1/redirect`);
    assert.equal(isOriginal(res), true);
    assert.equal(res.redirected, true);
    await appAndRecorderGotTheCompletion(res);
  });

  void it('an empty 204 ends without chunks', async () => {
    const res = await fetch(`${server.origin}/v1/empty`);
    assert.equal(res.status, 204);
    assert.deepEqual(await seen(), {
      layer: 'fetch',
      calls: ['responseHeaders 204', 'end'],
      body: '',
      contentType: undefined,
    });
  });

  void it('the app cancelling the body mid-stream is a cancellation (reader.cancel with a reason)', async () => {
    const res = await fetch(`${server.origin}/v1/hang-body`, post());
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.equal(
      Buffer.from(first.value!).toString().startsWith('data: '),
      true,
    );
    await reader.cancel(new Error('enough'));
    const e = await finished();
    assert.deepEqual(FakeRecorder.collapsed(e.calls), [
      'responseHeaders 200',
      'chunk*',
      'fail abort',
    ]);
  });

  void it('breaking out of for await over the body is a cancellation', async () => {
    const res = await fetch(`${server.origin}/v1/hang-body`, post());
    for await (const chunk of res.body!) {
      assert.ok(chunk.byteLength > 0);
      break;
    }
    const e = await finished();
    assert.deepEqual(FakeRecorder.collapsed(e.calls), [
      'responseHeaders 200',
      'chunk*',
      'fail abort',
    ]);
  });

  void it('an abort by the app while it is not reading is a cancellation, reported when it happens', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${server.origin}/v1/hang-body`,
      post({ signal: controller.signal }),
    );
    await eventually(
      () =>
        recorder.exchanges[0]?.calls.includes('responseHeaders 200') === true,
    );
    // The first event arrives while the app is not reading.
    await new Promise(resolve => setTimeout(resolve, 20));
    controller.abort();
    const e = await finished();
    assert.equal(e.calls.at(-1), 'fail abort');
    await assert.rejects(res.text(), { name: 'AbortError' });
  });

  void it('an AbortSignal.timeout that fires mid-stream is a timeout', async () => {
    const res = await fetch(
      `${server.origin}/v1/hang-body`,
      post({ signal: AbortSignal.timeout(50) }),
    );
    await assert.rejects(readChunks(res), { name: 'TimeoutError' });
    const e = await finished();
    assert.equal(e.calls.at(-1), 'fail timeout');
  });

  void it('a stream the server cuts is a network failure, and the app sees the same error as without capture', async () => {
    const res = await fetch(`${server.origin}/v1/cut`, post());
    const error = await readChunks(res).then(
      () => undefined,
      (e: unknown) => e as { name: string; message: string },
    );
    assert.deepEqual(
      { name: error?.name, message: error?.message },
      { name: 'TypeError', message: 'terminated' },
    );
    const e = await finished();
    assert.deepEqual(FakeRecorder.collapsed(e.calls), [
      'responseHeaders 200',
      'chunk*',
      'fail network',
    ]);
    assert.equal(Buffer.concat(e.chunks).toString(), 'data: {"a"');
  });

  void it('a 3 MB body is reported byte for byte', async () => {
    const n = 3 * 1024 * 1024;
    const res = await fetch(`${server.origin}/v1/big?n=${n}`);
    assert.equal((await res.arrayBuffer()).byteLength, n);
    const e = await finished();
    assert.equal(Buffer.concat(e.chunks).equals(Buffer.alloc(n, 0x61)), true);
  });

  void it('does not interfere with non-LLM responses', async () => {
    const res = await fetch(`${server.origin}/other`);
    assert.equal(isOriginal(res), true);
    assert.equal(await res.text(), CHAT_JSON);
    assert.deepEqual(recorder.exchanges, []);
  });
});

// ---- the handover alone ------------------------------------------------------

interface ReportedChunk {
  readonly chunk: Uint8Array;
  readonly receivedAt: number | undefined;
}

function sinkLog(): {
  sink: GuardedSink;
  calls: string[];
  chunks: ReportedChunk[];
} {
  const calls: string[] = [];
  const chunks: ReportedChunk[] = [];
  const sink = new GuardedSink({
    requestBody: () => undefined,
    requestBodyEnd: () => undefined,
    responseHeaders: status => calls.push(`headers ${status}`),
    responseBodyHidden: () => calls.push('body hidden'),
    responseChunk: (chunk, receivedAt) => {
      chunks.push({ chunk, receivedAt });
      calls.push(`chunk ${Buffer.from(chunk).toString()}`);
    },
    end: () => calls.push('end'),
    fail: reason => calls.push(`fail ${reason}`),
  });
  return { sink, calls, chunks };
}

const response = (status = 200): Response =>
  new Response(status === 204 ? null : 'x', { status });

void describe('ResponseHandover', () => {
  void it('replays what came before connect with its arrival times, then forwards', () => {
    const handover = new ResponseHandover(() => true, undefined);
    const request = {};
    assert.equal(handover.requestCreated(request, true), true);
    handover.headers(request);
    const early = Buffer.from('ab');
    const before = performance.now();
    handover.chunk(request, early);
    const after = performance.now();
    const { sink, calls, chunks } = sinkLog();
    assert.equal(handover.connect(sink, response()), true);
    const late = Buffer.from('cd');
    handover.chunk(request, late);
    handover.end(request);
    assert.deepEqual(calls, ['headers 200', 'chunk ab', 'chunk cd', 'end']);
    // undici's own chunks, not copies (they view a socket read nobody reuses).
    assert.equal(chunks[0]!.chunk, early);
    assert.equal(chunks[1]!.chunk, late);
    const arrival = chunks[0]!.receivedAt!;
    assert.ok(arrival >= before && arrival <= after, `${arrival}`);
    // A chunk forwarded as it arrives is timed by the recorder itself.
    assert.equal(chunks[1]!.receivedAt, undefined);
  });

  void it('replays an end or a failure that came before connect', () => {
    const ended = new ResponseHandover(() => true, undefined);
    const request = {};
    ended.requestCreated(request, true);
    ended.headers(request);
    ended.end(request);
    const a = sinkLog();
    assert.equal(ended.connect(a.sink, response(204)), true);
    assert.deepEqual(a.calls, ['headers 204', 'end']);

    const failed = new ResponseHandover(() => true, undefined);
    failed.requestCreated(request, true);
    failed.headers(request);
    failed.error(
      request,
      Object.assign(new Error('x'), { code: 'ECONNRESET' }),
    );
    const b = sinkLog();
    assert.equal(failed.connect(b.sink, response()), true);
    assert.deepEqual(b.calls, ['headers 200', 'fail network']);
  });

  void it('takes an abort made in a timer callback for a timeout, observed or not', async () => {
    const controller = new AbortController();
    controller.abort();
    const reason: unknown = controller.signal.reason;
    /** A handover whose request fails from `schedule`'s callback. */
    const failing = async (
      publishesChunks: boolean,
      schedule: (callback: () => void) => void,
    ) => {
      const handover = new ResponseHandover(() => true, controller.signal);
      const request = {};
      assert.equal(handover.requestCreated(request, publishesChunks), true);
      handover.headers(request);
      await new Promise<void>(resolve =>
        schedule(() => {
          handover.error(request, reason);
          resolve();
        }),
      );
      return handover;
    };
    const atTimer = (cb: () => void) => void setTimeout(cb, 1);
    const atImmediate = (cb: () => void) => void setImmediate(cb);
    // fetch rejected: the fetch layer asks; the request was not observed.
    const rejected = [
      (await failing(false, atTimer)).failReason(reason),
      (await failing(false, atImmediate)).failReason(reason),
    ];
    // Observed: replayed at connect.
    const replayed = [];
    for (const schedule of [atTimer, atImmediate]) {
      const { sink, calls } = sinkLog();
      (await failing(true, schedule)).connect(sink, response());
      replayed.push(calls);
    }
    assert.deepEqual(
      { rejected, replayed },
      {
        rejected: ['timeout', 'abort'],
        replayed: [
          ['headers 200', 'fail timeout'],
          ['headers 200', 'fail abort'],
        ],
      },
    );
  });

  void it('declines what it cannot observe, and the fetch layer then observes it', () => {
    const cases: [string, (h: ResponseHandover, r: object) => void][] = [
      [
        'no chunk events from this undici',
        (h, r) => h.requestCreated(r, false),
      ],
      ['headers not seen', (h, r) => h.requestCreated(r, true)],
      [
        'an earlier redirect hop',
        (h, r) => {
          h.requestCreated(r, true);
          h.headers(r);
          h.requestCreated({}, true);
        },
      ],
      [
        'more than 1 MiB before the app got the response',
        (h, r) => {
          h.requestCreated(r, true);
          h.headers(r);
          h.chunk(r, Buffer.alloc(1024 * 1024));
          h.chunk(r, Buffer.alloc(1));
        },
      ],
      [
        'released',
        (h, r) => {
          h.requestCreated(r, true);
          h.headers(r);
          h.release();
        },
      ],
    ];
    const declined = cases.map(([name, setUp]) => {
      const handover = new ResponseHandover(() => true, undefined);
      setUp(handover, {});
      const { sink, calls } = sinkLog();
      return [name, handover.connect(sink, response()), calls];
    });
    assert.deepEqual(
      declined,
      cases.map(([name]) => [name, false, []]),
    );
  });

  void it('copies nothing of a response that is not LLM traffic', () => {
    const handover = new ResponseHandover(() => false, undefined);
    const request = {};
    handover.requestCreated(request, true);
    handover.headers(request);
    handover.chunk(request, Buffer.from('ab'));
    const { sink, calls } = sinkLog();
    assert.equal(handover.connect(sink, response()), false);
    assert.deepEqual(calls, []);
  });

  void it('classifies failures without the response in hand', () => {
    const aborted = new AbortController();
    aborted.abort();
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('late', 'TimeoutError'));
    const table: [unknown, AbortSignal | undefined][] = [
      [
        Object.assign(new Error('other side closed'), {
          code: 'UND_ERR_SOCKET',
        }),
        undefined,
      ],
      [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), undefined],
      [
        Object.assign(new Error('t'), { code: 'UND_ERR_BODY_TIMEOUT' }),
        undefined,
      ],
      [new DOMException('late', 'TimeoutError'), undefined],
      [new DOMException('aborted', 'AbortError'), undefined],
      [new Error('the app cancelled with its own reason'), undefined],
      [undefined, undefined],
      [new DOMException('aborted', 'AbortError'), aborted.signal],
      [new DOMException('late', 'TimeoutError'), timedOut.signal],
      // undici's parser error, without a code where llhttp names none.
      [
        Object.assign(new Error('Invalid character in chunk size'), {
          name: 'HTTPParserError',
        }),
        undefined,
      ],
    ];
    assert.deepEqual(
      table.map(([error, signal]) => handedOverFailReason(error, signal)),
      [
        'network',
        'network',
        'timeout',
        'timeout',
        'abort',
        'abort',
        'abort',
        'abort',
        'timeout',
        'network',
      ],
    );
  });
});
