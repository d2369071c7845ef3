import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMockLlm } from '../src/index.js';

const BODY = JSON.stringify({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'hi' }],
});

void describe('startMockLlm', () => {
  void it('listens on 127.0.0.1 and a free port by default', async () => {
    const mock = await startMockLlm();
    try {
      assert.equal(mock.url, `http://127.0.0.1:${mock.port}`);
      assert.ok(mock.port > 0);
    } finally {
      await mock.close();
    }
  });

  void it('close() ends a hanging request and every connection', async () => {
    const mock = await startMockLlm();
    const pending = fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-mock-scenario': 'hang' },
      body: BODY,
    }).catch((e: unknown) => e);
    for (let i = 0; i < 400 && mock.requests.length === 0; i++) {
      await new Promise(r => setTimeout(r, 5));
    }
    assert.deepEqual(
      mock.requests.map(r => [r.status, r.fault]),
      [[0, 'hang']],
    );
    await mock.close();
    assert.ok((await pending) instanceof TypeError);
  });

  void it('keeps at most logLimit requests and reset() clears them', async () => {
    const mock = await startMockLlm({ logLimit: 2 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${mock.url}/v1/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: `m${i}`, messages: [] }),
        });
        await res.arrayBuffer();
      }
      assert.deepEqual(
        mock.requests.map(r => r.model),
        ['m1', 'm2'],
      );
      mock.reset();
      assert.deepEqual(mock.requests, []);
    } finally {
      await mock.close();
    }
  });

  void it('accepts a ScenarioConfig object', async () => {
    const mock = await startMockLlm({ scenario: { tokens: 1 } });
    try {
      const res = await fetch(`${mock.url}/v1/chat/completions`, {
        method: 'POST',
        body: BODY,
      });
      const json = (await res.json()) as {
        usage: { completion_tokens: number };
      };
      assert.equal(json.usage.completion_tokens, 1);
    } finally {
      await mock.close();
    }
  });
});
