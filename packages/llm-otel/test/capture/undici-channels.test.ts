import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { createGunzip } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent, fetch as undiciFetch, interceptors, request } from 'undici';
import { enableUndiciCapture } from '../../src/capture/undici-channels.js';
import { cancelLater } from '../cancel-later.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import {
  CHAT_JSON,
  sha256,
  startLoopback,
  streamBody,
} from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const recorder = new FakeRecorder();
let server: Loopback;
let disable: (() => void) | undefined;
// An explicit npm-undici dispatcher: without one, undici.request may run on
// the process-wide dispatcher that Node's bundled undici installed.
let agent: Agent;

function on(): void {
  disable ??= enableUndiciCapture(recorder);
}
function off(): void {
  disable?.();
  disable = undefined;
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
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  // Ports differ between runs.
  const message = String(e.message).replace(/:\d+$/, ':PORT');
  return { name: e.name, message, code: e.code };
}

function gunzip(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const z = createGunzip();
    z.on('data', (c: Buffer) => parts.push(c));
    z.on('end', () => resolve(Buffer.concat(parts).toString()));
    z.on('error', reject);
    z.end(bytes);
  });
}

void describe('undici diagnostics-channel capture', () => {
  before(async () => {
    server = await startLoopback();
    agent = new Agent();
  });
  after(async () => {
    off();
    await agent.close();
    await server.close();
  });
  beforeEach(() => {
    off();
    recorder.reset();
  });

  void it('reports undici.request with body chunks (undici >= 7.11)', async () => {
    on();
    const res = await request(`${server.origin}/v1/chat/completions?a=b`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' },
      body: '{"model":"m"}',
      dispatcher: agent,
    });
    assert.equal(await res.body.text(), CHAT_JSON);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    const { startTime, body, ...rest } = exchange.request;
    assert.equal(typeof startTime, 'number');
    assert.equal(Buffer.from(body ?? '').toString(), '{"model":"m"}');
    assert.deepEqual(rest, {
      layer: 'undici',
      method: 'POST',
      url: new URL(`${server.origin}/v1/chat/completions?a=b`),
      headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
    });
    assert.deepEqual(FakeRecorder.collapsed(exchange.calls), [
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.equal(Buffer.concat(exchange.chunks).toString(), CHAT_JSON);
    assert.deepEqual(exchange.responseHeaders, {
      'content-type': 'application/json',
      'content-length': String(CHAT_JSON.length),
      'x-request-id': 'req_1',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
    });
  });

  void it("names the server of the Host header when undici's dns interceptor dispatched to an address", async () => {
    on();
    const resolved = agent.compose(
      interceptors.dns({
        lookup: (_origin, _options, callback) =>
          callback(null, [{ address: '127.0.0.1', family: 4, ttl: 10_000 }]),
      }),
    );
    const url = `http://llm.example:${server.port}/v1/chat/completions`;
    const res = await request(url, {
      method: 'POST',
      body: '{"model":"m"}',
      dispatcher: resolved,
    });
    assert.equal(await res.body.text(), CHAT_JSON);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    assert.deepEqual(
      { url: exchange.request.url, headers: exchange.request.headers },
      {
        url: new URL(url),
        // undici keeps Host apart from the other headers.
        headers: {},
      },
    );
    assert.equal(
      server.received.at(-1)?.headers.host,
      `llm.example:${server.port}`,
    );
  });

  void it('reports undici.fetch with its streamed request body and response chunks', async () => {
    on();
    const res = await undiciFetch(`${server.origin}/v1/stream?n=20`, {
      method: 'POST',
      body: '{"stream":false}',
      dispatcher: agent,
    });
    assert.equal(await res.text(), streamBody(20));
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    assert.equal(exchange.request.body, undefined);
    assert.deepEqual(FakeRecorder.collapsed(exchange.calls), [
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.equal(
      Buffer.concat(exchange.requestBody).toString(),
      '{"stream":false}',
    );
    assert.equal(Buffer.concat(exchange.chunks).toString(), streamBody(20));
  });

  void it('reports a global fetch reference taken before any wrapper (bundled undici)', async () => {
    on();
    const res = await fetch(`${server.origin}/v1/chat/completions`);
    assert.equal(await res.text(), CHAT_JSON);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    assert.equal(exchange.request.layer, 'undici');
    assert.equal(exchange.request.method, 'GET');
    // Node 20's bundled undici 6 has no body-chunk channels; newer ones do.
    const body = exchange.chunks.length === 0 ? [] : ['chunk*'];
    assert.deepEqual(FakeRecorder.collapsed(exchange.calls), [
      'requestBodyEnd',
      'responseHeaders 200',
      ...body,
      'end',
    ]);
    if (body.length > 0)
      assert.equal(Buffer.concat(exchange.chunks).toString(), CHAT_JSON);
  });

  void it('decodes a gzip body for the recorder and leaves the app raw bytes', async () => {
    const raw = async (): Promise<Buffer> => {
      const res = await request(`${server.origin}/v1/gzip`, {
        dispatcher: agent,
      });
      return Buffer.from(await res.body.arrayBuffer());
    };
    const plain = await raw();
    on();
    const observed = await raw();
    assert.deepEqual(observed, plain);
    assert.equal(await gunzip(observed), CHAT_JSON);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    assert.equal(
      Buffer.concat(recorder.exchanges[0]!.chunks).toString(),
      CHAT_JSON,
    );
  });

  void it('classifies abort, timeout (an abort from a timer too) and network errors, same errors to the app', async () => {
    const run = async (): Promise<unknown[]> => {
      const controller = new AbortController();
      const aborted = request(`${server.origin}/v1/hang`, {
        signal: controller.signal,
        dispatcher: agent,
      });
      cancelLater(20, () => controller.abort());
      // An abort made in a timer callback is a time limit.
      const limit = new AbortController();
      const limited = request(`${server.origin}/v1/hang`, {
        signal: limit.signal,
        dispatcher: agent,
      });
      setTimeout(() => limit.abort(), 20);
      const timedOut = request(`${server.origin}/v1/hang`, {
        headersTimeout: 30,
        dispatcher: agent,
      });
      const closed = await startLoopback();
      await closed.close();
      const refused = request(`${closed.origin}/v1/chat/completions`, {
        dispatcher: agent,
      });
      return Promise.all([aborted, limited, timedOut, refused].map(failureOf));
    };
    const plain = await run();
    on();
    const errors = await run();
    assert.deepEqual(errors.map(shape), plain.map(shape));
    await eventually(
      () =>
        recorder.exchanges.length === 4 &&
        recorder.exchanges.every(e => e.failure !== undefined),
    );
    const byPath = recorder.exchanges.map(e => [
      e.request.url.port === String(server.port) ? 'server' : 'closed',
      e.calls,
    ]);
    assert.deepEqual(
      byPath.sort(),
      [
        ['closed', ['requestBodyEnd', 'fail network']],
        ['server', ['requestBodyEnd', 'fail abort']],
        ['server', ['requestBodyEnd', 'fail timeout']],
        ['server', ['requestBodyEnd', 'fail timeout']],
      ].sort(),
    );
  });

  void it('passes a stream byte-identical and a cut body fails the same way', async () => {
    const read = async (
      path: string,
    ): Promise<{ sha?: string; error?: unknown }> => {
      const res = await request(`${server.origin}${path}`, {
        dispatcher: agent,
      });
      try {
        return { sha: sha256(Buffer.from(await res.body.arrayBuffer())) };
      } catch (error) {
        return { error: shape(error) };
      }
    };
    const plain = [await read('/v1/stream?n=30'), await read('/v1/cut')];
    on();
    const observed = [await read('/v1/stream?n=30'), await read('/v1/cut')];
    assert.deepEqual(observed, plain);
    assert.deepEqual(plain[0], { sha: sha256(streamBody(30)) });
    assert.equal(typeof (plain[1]?.error as { name?: unknown }).name, 'string');
    await eventually(() => recorder.exchanges[1]?.failure !== undefined);
    assert.equal(
      Buffer.concat(recorder.exchanges[0]!.chunks).toString(),
      streamBody(30),
    );
    assert.equal(recorder.exchanges[0]!.calls.at(-1), 'end');
    assert.equal(recorder.exchanges[1]!.calls.at(-1), 'fail network');
  });

  void it('reports a body destroyed by the app as abort', async () => {
    on();
    const res = await request(`${server.origin}/v1/hang-body`, {
      dispatcher: agent,
    });
    await new Promise(resolve => res.body.once('data', resolve));
    res.body.destroy();
    await eventually(() => recorder.exchanges[0]?.failure !== undefined);
    assert.deepEqual(FakeRecorder.collapsed(recorder.exchanges[0]!.calls), [
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'fail abort',
    ]);
  });

  void it('leaves non-LLM requests alone', async () => {
    on();
    const res = await request(`${server.origin}/other`, { dispatcher: agent });
    assert.equal(await res.body.text(), CHAT_JSON);
    assert.equal(recorder.seen.length, 1);
    assert.equal(recorder.exchanges.length, 0);
  });

  void it('leaves traffic the recorder may not record alone without asking begin()', async () => {
    recorder.mayRecord = (_method, url) => url.pathname.startsWith('/v1/');
    on();
    const res = await request(`${server.origin}/other`, { dispatcher: agent });
    assert.equal(await res.body.text(), CHAT_JSON);
    assert.deepEqual([recorder.seen.length, recorder.exchanges.length], [0, 0]);
  });

  void it('does not interfere when the recorder throws', async () => {
    on();
    recorder.throwing = true;
    const res = await undiciFetch(`${server.origin}/v1/stream?n=5`, {
      method: 'POST',
      body: '{}',
      dispatcher: agent,
    });
    assert.equal(await res.text(), streamBody(5));
    assert.equal(recorder.seen.length, 1);
  });

  void it('tells the recorder the body is hidden where undici publishes none (before 7.11), not where it does', async () => {
    on();
    // An undici older than 7.11: its requests publish create, headers and
    // trailers, never a body chunk.
    class OldUndiciRequest {
      readonly origin = server.origin;
      readonly path = '/v1/chat/completions';
      readonly method = 'POST';
      readonly headers = ['content-type', 'application/json'];
      readonly body = '{"model":"m"}';
    }
    const old = new OldUndiciRequest();
    const publish = (name: string, message: object): void =>
      diagnosticsChannel.channel(`undici:request:${name}`).publish(message);
    publish('create', { request: old });
    publish('headers', {
      request: old,
      response: { statusCode: 200, headers: [] },
    });
    publish('trailers', { request: old, trailers: [] });
    // npm undici (7.30) publishes the body: what it gets is seen.
    const res = await request(`${server.origin}/v1/chat/completions`, {
      dispatcher: agent,
    });
    assert.equal(await res.body.text(), CHAT_JSON);
    await eventually(() => recorder.exchanges[1]?.calls.at(-1) === 'end');
    assert.deepEqual(
      recorder.exchanges.map(e => [e.calls.at(-1), e.bodyHidden]),
      [
        ['end', true],
        ['end', undefined],
      ],
    );
  });

  void it('does not interfere when a channel message is malformed (nothing thrown into the app)', async () => {
    on();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', onUncaught);
    try {
      for (const name of [
        'create',
        'bodyChunkSent',
        'bodySent',
        'headers',
        'bodyChunkReceived',
        'trailers',
        'error',
      ]) {
        const channel = diagnosticsChannel.channel(`undici:request:${name}`);
        channel.publish({});
        channel.publish({ request: null, chunk: 'x', response: null });
      }
      await new Promise(resolve => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    assert.deepEqual(uncaught, []);
  });

  void it('stops reporting after disable', async () => {
    on();
    off();
    const res = await request(`${server.origin}/v1/chat/completions`, {
      dispatcher: agent,
    });
    await res.body.text();
    assert.equal(recorder.seen.length, 0);
  });
});
