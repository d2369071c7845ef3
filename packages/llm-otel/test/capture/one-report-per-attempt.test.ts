// With every layer on, each HTTP attempt is reported exactly once, by the
// highest layer that sees it: global fetch runs on undici (bundled, or the npm
// package via a dispatcher) and must not be reported again by the channels.

import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import OpenAI from 'openai';
import { Agent, RetryAgent, fetch as undiciFetch, request } from 'undici';
import { enableCapture } from '../../src/capture/install-capture.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import { CHAT_JSON, startLoopback } from './loopback-server.js';
import type { Loopback } from './loopback-server.js';
import { selfSigned } from './self-signed.js';

const recorder = new FakeRecorder();
let server: Loopback;
let agent: Agent;
let disable: () => void;
// A reference taken before capture, as an SDK built before preload would hold.
const earlyFetch = globalThis.fetch;

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts).toString()));
      })
      .on('error', reject);
  });
}

/** begin() calls so far, as [layer, path, status]; waits for every exchange to finish. */
async function reports(
  count: number,
): Promise<[string, string, number | undefined][]> {
  await eventually(
    () =>
      recorder.seen.length >= count &&
      recorder.exchanges.every(
        e => e.calls.at(-1) === 'end' || e.failure !== undefined,
      ),
  );
  // Let any late duplicate show up.
  await new Promise(resolve => setTimeout(resolve, 20));
  return recorder.exchanges.map(e => [
    e.request.layer,
    e.request.url.pathname,
    e.status,
  ]);
}

void describe('one report per HTTP attempt', () => {
  before(async () => {
    server = await startLoopback();
    agent = new Agent();
    // As under register: the marker then rides in the OTel context.
    context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable(),
    );
    disable = enableCapture(recorder);
  });
  after(async () => {
    disable();
    context.disable();
    await agent.close();
    await server.close();
  });
  beforeEach(() => recorder.reset());

  const url = (): string => `${server.origin}/v1/chat/completions`;

  void it('global fetch: once, by the fetch layer', async () => {
    assert.equal(await (await fetch(url())).text(), CHAT_JSON);
    assert.deepEqual(await reports(1), [
      ['fetch', '/v1/chat/completions', 200],
    ]);
    assert.equal(recorder.seen.length, 1);
  });

  // fetch follows redirects itself: the app sees one exchange, so do we.
  void it('global fetch following a redirect: once, by the fetch layer', async () => {
    const res = await fetch(`${server.origin}/v1/redirect`);
    assert.equal(await res.text(), CHAT_JSON);
    assert.equal(res.redirected, true);
    assert.deepEqual(await reports(1), [['fetch', '/v1/redirect', 200]]);
    assert.equal(recorder.seen.length, 1);
  });

  void it('global fetch on an npm-undici dispatcher: once, by the fetch layer', async () => {
    const init = { dispatcher: agent } as RequestInit;
    assert.equal(await (await fetch(url(), init)).text(), CHAT_JSON);
    assert.deepEqual(await reports(1), [
      ['fetch', '/v1/chat/completions', 200],
    ]);
    assert.equal(recorder.seen.length, 1);
  });

  void it('a fetch reference taken before capture: once, by the undici layer', async () => {
    assert.equal(await (await earlyFetch(url())).text(), CHAT_JSON);
    assert.deepEqual(await reports(1), [
      ['undici', '/v1/chat/completions', 200],
    ]);
    assert.equal(recorder.seen.length, 1);
  });

  void it('undici.request and undici.fetch (npm): once each, by the undici layer', async () => {
    await (await request(url(), { dispatcher: agent })).body.text();
    await (await undiciFetch(url(), { dispatcher: agent })).text();
    assert.deepEqual(await reports(2), [
      ['undici', '/v1/chat/completions', 200],
      ['undici', '/v1/chat/completions', 200],
    ]);
    assert.equal(recorder.seen.length, 2);
  });

  void it('undici over HTTP/2 (an Agent with allowH2): once, by the undici layer, not again by the http2 layer; global fetch on it by the fetch layer', async t => {
    const pair = selfSigned();
    if (pair === undefined) {
      t.skip('openssl not available');
      return;
    }
    const h2 = http2.createSecureServer(pair, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(CHAT_JSON);
    });
    await new Promise<void>(resolve => h2.listen(0, '127.0.0.1', resolve));
    const h2url = `https://127.0.0.1:${(h2.address() as AddressInfo).port}/v1/chat/completions`;
    const h2agent = new Agent({
      allowH2: true,
      connect: { rejectUnauthorized: false },
    });
    try {
      const answers = [
        await (await request(h2url, { dispatcher: h2agent })).body.text(),
        await (await undiciFetch(h2url, { dispatcher: h2agent })).text(),
        await (
          await fetch(h2url, { dispatcher: h2agent } as RequestInit)
        ).text(),
      ];
      assert.deepEqual(answers, [CHAT_JSON, CHAT_JSON, CHAT_JSON]);
      assert.deepEqual(await reports(3), [
        ['undici', '/v1/chat/completions', 200],
        ['undici', '/v1/chat/completions', 200],
        ['fetch', '/v1/chat/completions', 200],
      ]);
      assert.equal(recorder.seen.length, 3);
    } finally {
      await h2agent.close();
      await new Promise(resolve => h2.close(resolve));
    }
  });

  void it('node:http: once, by the http layer', async () => {
    assert.equal(await httpGet(url()), CHAT_JSON);
    assert.deepEqual(await reports(1), [['http', '/v1/chat/completions', 200]]);
    assert.equal(recorder.seen.length, 1);
  });

  void it('a fetch polyfill built on node:http: once, by the fetch layer', async () => {
    disable();
    const saved = globalThis.fetch;
    const polyfill = (input: unknown): Promise<Response> =>
      new Promise((resolve, reject) => {
        http
          .get(String(input), res => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () =>
              resolve(
                new Response(Buffer.concat(parts), {
                  status: res.statusCode ?? 0,
                }),
              ),
            );
          })
          .on('error', reject);
      });
    globalThis.fetch = polyfill as typeof fetch;
    disable = enableCapture(recorder);
    try {
      assert.equal(await (await fetch(url())).text(), CHAT_JSON);
      assert.deepEqual(await reports(1), [
        ['fetch', '/v1/chat/completions', 200],
      ]);
      assert.equal(recorder.seen.length, 1);
    } finally {
      disable();
      globalThis.fetch = saved;
      disable = enableCapture(recorder);
    }
  });

  void it('a retried call: two attempts, two reports (openai SDK on global fetch)', async () => {
    const client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${server.origin}/v1/retry`,
      defaultHeaders: { 'x-key': 'openai-retry' },
      maxRetries: 2,
    });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(completion.id, 'chatcmpl-1');
    assert.deepEqual(await reports(2), [
      ['fetch', '/v1/retry/chat/completions', 429],
      ['fetch', '/v1/retry/chat/completions', 200],
    ]);
    assert.deepEqual(
      recorder.exchanges.map(e => e.request.headers['x-stainless-retry-count']),
      ['0', '1'],
    );
    assert.equal(recorder.seen.length, 2);
  });

  // The agent's socket was opened inside a fetch above: the retry timer runs in
  // that fetch's async context, whose marker must be closed by now.
  void it('a retried call: two attempts, two reports (undici RetryAgent)', async () => {
    const retrying = new RetryAgent(agent, {
      maxRetries: 2,
      minTimeout: 1,
      statusCodes: [429],
      methods: ['POST'],
    });
    const res = await request(`${server.origin}/v1/retry/chat/completions`, {
      method: 'POST',
      headers: { 'x-key': 'undici-retry' },
      body: '{}',
      dispatcher: retrying,
    });
    assert.equal(await res.body.text(), CHAT_JSON);
    const seen = await reports(2);
    assert.deepEqual(
      seen.map(([layer, path]) => [layer, path]),
      [
        ['undici', '/v1/retry/chat/completions'],
        ['undici', '/v1/retry/chat/completions'],
      ],
    );
    assert.equal(recorder.seen.length, 2);
  });
});
