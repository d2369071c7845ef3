import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { enableFetchCapture } from '../../src/capture/fetch.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { ownDispatcherFetch } from './own-dispatcher.js';
import {
  CHAT_JSON,
  sha256,
  startLoopback,
  streamBody,
} from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const recorder = new FakeRecorder();
// With the app's own dispatcher: responses the fetch layer observes itself.
const own = ownDispatcherFetch();
const appFetch = own.fetch;
let server: Loopback;
let disable: (() => void) | undefined;
const originalFetch = globalThis.fetch;

function on(): void {
  disable ??= enableFetchCapture(recorder);
}
function off(): void {
  disable?.();
  disable = undefined;
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(Buffer.from(value));
  }
}

function headerPairs(headers: Headers): string[][] {
  const pairs: string[][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

function visible(res: Response): unknown {
  return {
    isResponse: res instanceof Response,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    url: res.url,
    redirected: res.redirected,
    type: res.type,
    headers: headerPairs(res.headers),
    bodyUsed: res.bodyUsed,
    constructorName: res.constructor.name,
    tag: Object.prototype.toString.call(res),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function shape(error: unknown): unknown {
  const e = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: { code?: unknown };
  };
  return {
    name: e.name,
    message: e.message,
    code: e.code,
    cause: e.cause?.code,
  };
}

// Calls that pass their own dispatcher, so that the fetch layer observes the
// response itself (observed-response.ts); through the process-wide
// dispatcher, the dispatcher tap sees the bytes instead (dispatcher-tap.test.ts).
void describe('fetch capture, responses the fetch layer observes', () => {
  before(async () => {
    server = await startLoopback();
  });
  after(async () => {
    off();
    await own.close();
    await server.close();
  });
  beforeEach(() => {
    off();
    recorder.reset();
  });

  void it('reports a non-stream call: request, headers, body, end', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/chat/completions?x=1`, {
      method: 'post',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer sk-1',
      },
      body: '{"model":"gpt-4o-mini"}',
    });
    assert.equal(await res.text(), CHAT_JSON);
    assert.equal(recorder.exchanges.length, 1);
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    const { startTime, ...request } = exchange.request;
    assert.equal(typeof startTime, 'number');
    assert.deepEqual(request, {
      layer: 'fetch',
      method: 'POST',
      url: new URL(`${server.origin}/v1/chat/completions?x=1`),
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-1',
      },
      body: '{"model":"gpt-4o-mini"}',
    });
    assert.deepEqual(exchange.calls, ['responseHeaders 200', 'chunk', 'end']);
    assert.deepEqual(exchange.responseHeaders, {
      'content-type': 'application/json',
      'content-length': String(CHAT_JSON.length),
      'x-request-id': 'req_1',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
    });
    assert.equal(Buffer.concat(exchange.chunks).toString(), CHAT_JSON);
    assert.equal(globalThis.fetch === originalFetch, false);
  });

  void it('keeps every visible Response property', async () => {
    const url = `${server.origin}/v1/chat/completions`;
    const plain = await appFetch(url);
    const expected = visible(plain);
    await plain.text();
    on();
    const observed = await appFetch(url);
    assert.deepEqual(visible(observed), expected);
    const clone = observed.clone();
    assert.deepEqual(visible(clone), expected);
    assert.equal(observed.headers.get('x-request-id'), 'req_1');
    assert.throws(() => observed.headers.set('x', '1'), TypeError);
    const blob = await clone.blob();
    assert.equal(blob.type, 'application/json');
    assert.equal(await blob.text(), CHAT_JSON);
    assert.deepEqual(await observed.json(), JSON.parse(CHAT_JSON));
    assert.equal(observed.bodyUsed, true);
  });

  void it('passes a stream through chunk by chunk, in order, byte-identical', async () => {
    const url = `${server.origin}/v1/stream?n=50`;
    const plain = Buffer.concat(await readAll((await appFetch(url)).body!));
    on();
    const res = await appFetch(url);
    const appChunks = await readAll(res.body!);
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    assert.equal(sha256(Buffer.concat(appChunks)), sha256(plain));
    assert.equal(sha256(plain), sha256(streamBody(50)));
    // Same pieces, same order, same count as the app got.
    assert.deepEqual(exchange.chunks, appChunks);
    assert.deepEqual(exchange.calls, [
      'responseHeaders 200',
      ...appChunks.map(() => 'chunk'),
      'end',
    ]);
  });

  void it('reports the end when the app stops reading after the last event, as ollama-js does', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/stream?n=5`);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.endsWith('data: [DONE]\n\n')) {
      const { value } = await reader.read();
      text += Buffer.from(value!).toString();
    }
    // The app never reads the end of the body, nor cancels.
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.equal(Buffer.concat(exchange!.chunks).toString(), streamBody(5));
    assert.deepEqual(exchange!.calls, [
      'responseHeaders 200',
      ...exchange!.chunks.map(() => 'chunk'),
      'end',
    ]);
    // The end still reaches the app when it reads on.
    assert.deepEqual(await reader.read(), { done: true, value: undefined });
  });

  void it('reports the end of a stream the app leaves after its first chunk, as @google/genai does on break', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/stream?n=5`);
    const reader = res.body!.getReader();
    await reader.read();
    reader.releaseLock(); // Neither read to the end nor cancelled.
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.equal(Buffer.concat(exchange!.chunks).toString(), streamBody(5));
    // The app can still read the rest, byte-identical.
    const rest = await readAll(res.body!);
    assert.equal(
      Buffer.concat(rest).toString(),
      streamBody(5).slice(exchange!.chunks[0]!.length),
    );
  });

  void it('reads at most 64 KiB ahead of an app that stopped reading', async () => {
    on();
    const size = 2_000_000;
    const res = await appFetch(`${server.origin}/v1/big?n=${size}`);
    const reader = res.body!.getReader();
    const first = (await reader.read()).value!.byteLength;
    const reported = () =>
      recorder.exchanges[0]!.chunks.reduce((n, c) => n + c.byteLength, 0);
    await eventually(() => reported() >= first + 64 * 1024);
    for (let i = 0; i < 20; i++) await new Promise(r => setImmediate(r));
    const ahead = reported() - first;
    assert.ok(ahead >= 64 * 1024 && ahead < 64 * 1024 * 3, String(ahead));
    assert.notEqual(recorder.exchanges[0]!.calls.at(-1), 'end');
    let total = first;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
    }
    assert.equal(total, size);
    assert.equal(reported(), size);
    assert.equal(recorder.exchanges[0]!.calls.at(-1), 'end');
  });

  void it('ends a stream the app dropped mid-way as abort when it is garbage collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    on();
    await (async () => {
      const res = await appFetch(`${server.origin}/v1/hang-body`);
      await res.body!.getReader().read();
    })();
    await eventually(() => {
      gc();
      return recorder.exchanges[0]?.calls.at(-1) === 'fail abort';
    });
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'chunk',
      'fail abort',
    ]);
  });

  void it('reports a stream cut while the app is not reading, when it happens', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/cut`);
    const reader = res.body!.getReader();
    await reader.read();
    await eventually(
      () => recorder.exchanges[0]?.calls.at(-1) === 'fail network',
    );
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'chunk',
      'fail network',
    ]);
    // The app learns on its next read, with the error fetch gave.
    const error = await failureOf(reader.read());
    assert.equal(recorder.exchanges[0]?.failure?.error, error);
  });

  void it('reads a Request input, and headers and bodies of every shape', async () => {
    on();
    const url = `${server.origin}/v1/chat/completions`;
    const cases: [string | URL | Request, RequestInit | undefined][] = [
      [
        new Request(url, {
          method: 'POST',
          body: 'req-body',
          headers: { 'X-A': '1' },
        }),
        undefined,
      ],
      [
        url,
        {
          method: 'POST',
          headers: new Headers([
            ['X-A', '1'],
            ['x-a', '2'],
          ]),
          body: new TextEncoder().encode('u8'),
        },
      ],
      [
        url,
        {
          method: 'POST',
          headers: [['X-A', '1']],
          body: new TextEncoder().encode('ab').buffer,
        },
      ],
      [
        new URL(url),
        {
          method: 'PUT',
          headers: { 'X-A': '1' },
          body: new URLSearchParams({ q: 'a b' }),
        },
      ],
      [
        url,
        {
          method: 'POST',
          body: new Blob(['{"model":', '"m"}'], { type: 'application/json' }),
        },
      ],
    ];
    for (const [input, init] of cases) {
      await (await appFetch(input as RequestInfo, init)).text();
    }
    const summary = recorder.exchanges.map(e => ({
      method: e.request.method,
      headers: e.request.headers,
      body:
        e.request.body === undefined
          ? undefined
          : Buffer.from(e.request.body).toString(),
      bodyCalls: e.calls.filter(c => c.startsWith('request')),
      streamedBody: Buffer.concat(e.requestBody).toString(),
    }));
    assert.deepEqual(summary, [
      {
        method: 'POST',
        headers: { 'x-a': '1', 'content-type': 'text/plain;charset=UTF-8' },
        body: undefined,
        bodyCalls: ['requestBody', 'requestBodyEnd'],
        streamedBody: 'req-body',
      },
      {
        method: 'POST',
        headers: { 'x-a': '1, 2' },
        body: 'u8',
        bodyCalls: [],
        streamedBody: '',
      },
      {
        method: 'POST',
        headers: { 'x-a': '1' },
        body: 'ab',
        bodyCalls: [],
        streamedBody: '',
      },
      {
        method: 'PUT',
        headers: { 'x-a': '1' },
        body: 'q=a+b',
        bodyCalls: [],
        streamedBody: '',
      },
      {
        method: 'POST',
        headers: {},
        body: undefined,
        bodyCalls: ['requestBody', 'requestBodyEnd'],
        streamedBody: '{"model":"m"}',
      },
    ]);
    assert.deepEqual(
      server.received.slice(-5).map(r => r.body),
      ['req-body', 'u8', 'ab', 'q=a+b', '{"model":"m"}'],
    );
  });

  void it('reports the headers as they were at the call when the app changes its record or array afterwards', async () => {
    on();
    const url = `${server.origin}/v1/chat/completions`;
    const record: Record<string, string> = { 'X-A': '1' };
    const pairs: [string, string][] = [['X-B', '1']];
    const first = appFetch(url, { method: 'POST', headers: record, body: 'a' });
    const second = appFetch(url, { method: 'POST', headers: pairs, body: 'b' });
    record['X-A'] = 'changed';
    pairs.push(['X-C', 'added']);
    await (await first).text();
    await (await second).text();
    assert.deepEqual(
      recorder.exchanges.map(e => e.request.headers),
      [{ 'x-a': '1' }, { 'x-b': '1' }],
    );
  });

  void it('does not interfere with headers given as a generator: fetch reads them, capture does not', async () => {
    on();
    const url = `${server.origin}/v1/chat/completions`;
    function* headers(): Generator<[string, string]> {
      yield ['X-Gen', 'yes'];
    }
    const res = await appFetch(url, {
      method: 'POST',
      headers: headers() as unknown as HeadersInit,
      body: 'g',
    });
    await res.text();
    assert.deepEqual(
      {
        sent: server.received.at(-1)?.headers['x-gen'],
        reported: recorder.exchanges.map(e => e.request.headers),
      },
      { sent: 'yes', reported: [{}] },
    );
  });

  void it('does not read a ReadableStream body the app passed', async () => {
    on();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const init = { method: 'POST', body, duplex: 'half' } as RequestInit;
    await (await appFetch(`${server.origin}/v1/chat/completions`, init)).text();
    assert.equal(recorder.exchanges[0]?.request.body, undefined);
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'chunk',
      'end',
    ]);
    assert.equal(server.received.at(-1)?.body, 'streamed');
  });

  void it('reports the body fetch decoded (content-encoding), as the app reads it', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/gzip`);
    assert.equal(await res.text(), CHAT_JSON);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    const [exchange] = recorder.exchanges;
    assert.equal(Buffer.concat(exchange!.chunks).toString(), CHAT_JSON);
    assert.equal(exchange!.calls.at(-1), 'end');
  });

  void it('hands back a body-less response as it is', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/empty`);
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
    assert.equal(Object.getOwnPropertyNames(res).length, 0);
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 204',
      'end',
    ]);
  });

  void it('leaves non-LLM requests alone', async () => {
    on();
    const res = await appFetch(`${server.origin}/other`);
    assert.equal(await res.text(), CHAT_JSON);
    assert.equal(recorder.seen.length, 1);
    assert.equal(recorder.exchanges.length, 0);
    assert.equal(Object.getOwnPropertyNames(res).length, 0);
  });

  void it('leaves traffic the recorder may not record untouched: begin() never asked, no wrapper', async () => {
    const real = globalThis.fetch;
    let fromFetch: Response | undefined;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) =>
      (fromFetch = await real(...args));
    try {
      recorder.mayRecord = (_method, url) => url.pathname.startsWith('/v1/');
      on();
      const res = await appFetch(`${server.origin}/other`);
      assert.equal(res, fromFetch);
      assert.equal(await res.text(), CHAT_JSON);
      assert.deepEqual(
        [recorder.seen.length, recorder.exchanges.length],
        [0, 0],
      );
      // LLM paths are still recorded.
      await (await appFetch(`${server.origin}/v1/chat/completions`)).text();
      assert.deepEqual(recorder.exchanges[0]?.calls.at(-1), 'end');
    } finally {
      off();
      globalThis.fetch = real;
    }
  });

  void it('reports an abort before the response as abort, same error to the app', async () => {
    const controller0 = new AbortController();
    const plainPromise = appFetch(`${server.origin}/v1/hang`, {
      signal: controller0.signal,
    });
    setTimeout(() => controller0.abort(), 20);
    const plain = await failureOf(plainPromise);
    on();
    const controller = new AbortController();
    const promise = appFetch(`${server.origin}/v1/hang`, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const error = await failureOf(promise);
    assert.deepEqual(shape(error), shape(plain));
    assert.deepEqual(recorder.exchanges[0]?.calls, ['fail abort']);
    assert.equal(recorder.exchanges[0]?.failure?.error, error);
  });

  void it('reports an abort mid-body and reader.cancel() as abort', async () => {
    on();
    const controller = new AbortController();
    const res = await appFetch(`${server.origin}/v1/hang-body`, {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const error = await failureOf(reader.read());
    assert.equal((error as Error).name, 'AbortError');
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'chunk',
      'fail abort',
    ]);
    assert.equal(recorder.exchanges[0]?.failure?.error, error);

    const res2 = await appFetch(`${server.origin}/v1/hang-body`);
    const reader2 = res2.body!.getReader();
    await reader2.read();
    await reader2.cancel();
    assert.deepEqual(recorder.exchanges[1]?.calls, [
      'responseHeaders 200',
      'chunk',
      'fail abort',
    ]);
  });

  void it('reports an abort while the app is not reading, when it happens', async () => {
    on();
    const controller = new AbortController();
    const res = await appFetch(`${server.origin}/v1/hang-body`, {
      signal: controller.signal,
    });
    controller.abort();
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'fail abort',
    ]);
    // The app still learns on its next read, with the usual error.
    const error = await failureOf(res.text());
    assert.equal((error as Error).name, 'AbortError');
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'fail abort',
    ]);
  });

  void it('reports AbortSignal.timeout as timeout', async () => {
    const plain = await failureOf(
      appFetch(`${server.origin}/v1/hang`, { signal: AbortSignal.timeout(30) }),
    );
    on();
    const error = await failureOf(
      appFetch(`${server.origin}/v1/hang`, { signal: AbortSignal.timeout(30) }),
    );
    assert.deepEqual(shape(error), shape(plain));
    assert.equal((error as Error).name, 'TimeoutError');
    assert.deepEqual(recorder.exchanges[0]?.calls, ['fail timeout']);
  });

  void it('reports a refused connection as network, same error object to the app', async () => {
    const closed = await startLoopback();
    const url = `${closed.origin}/v1/chat/completions`;
    await closed.close();
    const plain = await failureOf(appFetch(url));
    on();
    const error = await failureOf(appFetch(url));
    assert.deepEqual(shape(error), shape(plain));
    assert.deepEqual(shape(error), {
      name: 'TypeError',
      message: 'fetch failed',
      code: undefined,
      cause: 'ECONNREFUSED',
    });
    assert.deepEqual(recorder.exchanges[0]?.calls, ['fail network']);
    assert.equal(recorder.exchanges[0]?.failure?.error, error);
  });

  void it('propagates a cut stream and malformed JSON exactly as without capture', async () => {
    const cut = async (): Promise<unknown> => {
      const res = await appFetch(`${server.origin}/v1/cut`);
      return failureOf(res.text());
    };
    const malformed = async (): Promise<unknown> =>
      failureOf((await appFetch(`${server.origin}/v1/malformed`)).json());
    const plainCut = await cut();
    const plainMalformed = await malformed();
    on();
    const cutError = await cut();
    const malformedError = await malformed();
    assert.deepEqual(shape(cutError), shape(plainCut));
    assert.deepEqual(shape(malformedError), shape(plainMalformed));
    assert.equal((malformedError as Error).name, 'SyntaxError');
    const [cutExchange, malformedExchange] = recorder.exchanges;
    assert.deepEqual(cutExchange?.calls, [
      'responseHeaders 200',
      'chunk',
      'fail network',
    ]);
    assert.equal(cutExchange?.failure?.error, cutError);
    assert.deepEqual(malformedExchange?.calls, [
      'responseHeaders 200',
      'chunk',
      'end',
    ]);
  });

  void it('supports a BYOB reader on the observed body', async () => {
    on();
    const res = await appFetch(`${server.origin}/v1/chat/completions`);
    const reader = res.body!.getReader({ mode: 'byob' });
    const bytes: number[] = [];
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(16));
      if (done) break;
      bytes.push(...value);
    }
    assert.equal(Buffer.from(bytes).toString(), CHAT_JSON);
    assert.deepEqual(FakeRecorder.collapsed(recorder.exchanges[0]!.calls), [
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
  });

  void it('does not interfere when the recorder throws', async () => {
    on();
    recorder.throwing = true;
    const res = await appFetch(`${server.origin}/v1/stream?n=5`, {
      method: 'POST',
      body: '{}',
    });
    assert.equal(
      Buffer.concat(await readAll(res.body!)).toString(),
      streamBody(5),
    );
    const error = await failureOf(
      appFetch(`${server.origin}/v1/hang`, { signal: AbortSignal.timeout(20) }),
    );
    assert.equal((error as Error).name, 'TimeoutError');
    assert.equal(recorder.exchanges.length, 0);
  });

  void it('ends an unread response as abort when it is garbage collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    on();
    await (async () => {
      await appFetch(`${server.origin}/v1/chat/completions`);
    })();
    await eventually(() => {
      gc();
      return recorder.exchanges[0]?.calls.length === 2;
    });
    assert.deepEqual(recorder.exchanges[0]?.calls, [
      'responseHeaders 200',
      'fail abort',
    ]);
  });

  void it('keeps a body the app holds without its Response readable', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    on();
    const body = await (async () =>
      (await appFetch(`${server.origin}/v1/stream?n=5`)).body!)();
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const chunks = await readAll(body);
    assert.equal(Buffer.concat(chunks).toString(), streamBody(5));
    assert.equal(recorder.exchanges[0]?.calls.at(-1), 'end');
  });

  void it('restores the original fetch on disable', () => {
    on();
    assert.notEqual(globalThis.fetch, originalFetch);
    off();
    assert.equal(globalThis.fetch, originalFetch);
  });
});
