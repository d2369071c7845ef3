import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  expectedText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

void describe('OpenAI legacy completions with the real openai SDK', () => {
  let mock: MockLlm;
  let client: OpenAI;
  before(async () => {
    mock = await startMockLlm({ seed: 3 });
    client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'test-key' });
  });
  after(() => mock.close());

  void it('answers non-stream (seed 3: 11 tokens)', async () => {
    const res = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'once upon a time',
    });
    assert.deepEqual(res, {
      id: res.id,
      object: 'text_completion',
      created: 1767225603,
      model: 'gpt-3.5-turbo-instruct',
      choices: [
        {
          text: expectedText({ seed: 3 }),
          index: 0,
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 11, total_tokens: 15 },
    });
    assert.match(res.id, /^cmpl-[0-9a-f]{24}$/);
  });

  void it('streams text and the include_usage chunk', async () => {
    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct~tokens=2',
      prompt: 'x',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices.map(c => c.text).join('');
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, expectedText({ seed: 3, scenario: 'tokens=2' }));
    assert.deepEqual(usage, {
      prompt_tokens: 1,
      completion_tokens: 2,
      total_tokens: 3,
    });
  });
});
