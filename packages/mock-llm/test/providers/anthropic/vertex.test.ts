// Anthropic on Vertex AI routes against the real @anthropic-ai/vertex-sdk:
// rawPredict, streamRawPredict and count-tokens:rawPredict. Only the Google
// auth client is stubbed (a fixed token); HTTP is real.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import {
  expectedText,
  mockText,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

type VertexOptions = NonNullable<
  ConstructorParameters<typeof AnthropicVertex>[0]
>;

/** A Google auth client that always has the same token. */
const fixedToken = {
  projectId: 'my-proj',
  getRequestHeaders: () =>
    Promise.resolve(new Headers({ authorization: 'Bearer ya29.test-token' })),
} as unknown as VertexOptions['authClient'];

void describe('Anthropic on Vertex AI with the real @anthropic-ai/vertex-sdk', () => {
  let mock: MockLlm;
  let client: AnthropicVertex;
  before(async () => {
    mock = await startMockLlm();
    client = new AnthropicVertex({
      baseURL: `${mock.url}/v1`,
      region: 'us-east5',
      authClient: fixedToken,
      maxRetries: 0,
      openTelemetry: { traces: { enabled: false } },
    } as VertexOptions);
  });
  after(() => mock.close());

  void it('rawPredict: model from the URL, Anthropic usage', async () => {
    const res = await client.messages.create({
      model: 'claude-sonnet-4-5@20250929~cache_read=3',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.deepEqual(res.content, [{ type: 'text', text: expectedText() }]);
    assert.equal(res.model, 'claude-sonnet-4-5@20250929~cache_read=3');
    assert.equal(res.usage.input_tokens, 2);
    assert.equal(res.usage.cache_read_input_tokens, 3);
    assert.equal(res.usage.output_tokens, 8);
    const seen = mock.requests.at(-1);
    assert.equal(
      seen?.path,
      '/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929~cache_read=3:rawPredict',
    );
    assert.equal(seen?.headers['authorization'], 'Bearer ya29.test-token');
    const body = seen?.json as Record<string, unknown>;
    assert.equal(body['model'], undefined);
    assert.equal(typeof body['anthropic_version'], 'string');
  });

  void it('streamRawPredict: the SSE sequence with message_delta usage', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5@20251001~tokens=3',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalMessage();
    assert.deepEqual(final.content, [{ type: 'text', text: mockText(3, 0) }]);
    assert.equal(final.usage.output_tokens, 3);
    assert.match(mock.requests.at(-1)?.path ?? '', /:streamRawPredict$/);
  });

  void it('countTokens goes to count-tokens:rawPredict', async () => {
    const res = await client.messages.countTokens({
      model: 'claude-sonnet-4-5@20250929',
      messages: [{ role: 'user', content: 'one two three' }],
    });
    assert.deepEqual(res, { input_tokens: 3 });
    assert.equal(
      mock.requests.at(-1)?.path,
      '/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict',
    );
  });
});
