import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startMockLlm, type MockLlm } from '../../../src/index.js';
import { mockEmbedding } from '../../../src/content/mock-embedding.js';

void describe('OpenAI embeddings with the real openai SDK', () => {
  let mock: MockLlm;
  let client: OpenAI;
  before(async () => {
    mock = await startMockLlm();
    client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'test-key' });
  });
  after(() => mock.close());

  void it('decodes the base64 vectors the SDK asks for by default', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['one two', 'three'],
    });
    assert.equal(
      mock.requests.at(-1)?.json &&
        (mock.requests.at(-1)?.json as { encoding_format: string })
          .encoding_format,
      'base64',
    );
    assert.deepEqual(res, {
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: mockEmbedding(0, 8, 0) },
        { object: 'embedding', index: 1, embedding: mockEmbedding(1, 8, 0) },
      ],
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });

  void it('returns float vectors of the requested dimensions', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'hello',
      encoding_format: 'float',
      dimensions: 4,
    });
    assert.deepEqual(res.data[0]?.embedding, mockEmbedding(0, 4, 0));
    assert.equal(res.data[0]?.embedding.length, 4);
  });
});
