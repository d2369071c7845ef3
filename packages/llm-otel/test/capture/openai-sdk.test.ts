// The real openai client, constructed after capture is enabled (as with
// --import register), against a loopback server speaking the wire format.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { enableCapture } from '../../src/capture/install-capture.js';
import { FakeRecorder, eventually } from './fake-recorder.js';
import {
  CHAT_COMPLETION,
  startLoopback,
  streamBody,
} from './loopback-server.js';
import type { Loopback } from './loopback-server.js';

const recorder = new FakeRecorder();
let server: Loopback;
let disable: () => void;
let client: OpenAI;

void describe('openai SDK through capture', () => {
  before(async () => {
    server = await startLoopback();
    disable = enableCapture(recorder);
    client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `${server.origin}/v1`,
      maxRetries: 0,
    });
  });
  after(async () => {
    disable();
    await server.close();
  });
  beforeEach(() => recorder.reset());

  void it('reports a non-stream chat completion once, with the request body', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.deepEqual(completion, CHAT_COMPLETION);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    assert.equal(recorder.seen.length, 1);
    const [exchange] = recorder.exchanges;
    assert.ok(exchange !== undefined);
    assert.equal(exchange.request.layer, 'fetch');
    assert.equal(exchange.request.method, 'POST');
    assert.equal(
      exchange.request.url.href,
      `${server.origin}/v1/chat/completions`,
    );
    assert.equal(exchange.request.headers['authorization'], 'Bearer sk-test');
    assert.equal(exchange.request.headers['x-stainless-retry-count'], '0');
    assert.deepEqual(JSON.parse(String(exchange.request.body)), {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.deepEqual(FakeRecorder.collapsed(exchange.calls), [
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.deepEqual(
      JSON.parse(Buffer.concat(exchange.chunks).toString()),
      CHAT_COMPLETION,
    );
  });

  void it('passes a stream to the SDK unchanged and reports every byte', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const deltas: string[] = [];
    for await (const chunk of stream)
      deltas.push(chunk.choices[0]?.delta.content ?? '');
    assert.deepEqual(deltas, ['t0', 't1', 't2']);
    await eventually(() => recorder.exchanges[0]?.calls.at(-1) === 'end');
    assert.equal(recorder.seen.length, 1);
    assert.equal(
      Buffer.concat(recorder.exchanges[0]!.chunks).toString(),
      streamBody(3),
    );
  });

  void it('reports an SDK abort mid-stream as abort', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      },
      { signal: controller.signal, path: '/hang-body' },
    );
    const deltas: string[] = [];
    for await (const chunk of stream) {
      deltas.push(chunk.choices[0]?.delta.content ?? '');
      controller.abort();
    }
    assert.deepEqual(deltas, ['t0']);
    await eventually(() => recorder.exchanges[0]?.failure !== undefined);
    assert.equal(recorder.exchanges[0]?.failure?.reason, 'abort');
  });
});
