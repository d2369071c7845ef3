import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countInputTokens } from '../../src/content/count-input-tokens.js';

void describe('countInputTokens', () => {
  void it('counts words at prompt keys in every provider shape', () => {
    assert.equal(
      countInputTokens({
        model: 'm a n y',
        messages: [{ role: 'user', content: 'Say hello to the world' }],
      }),
      5,
    );
    assert.equal(
      countInputTokens({
        system: 'be  brief',
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'hi there' }] },
        ],
      }),
      4,
    );
    assert.equal(
      countInputTokens({
        contents: [{ role: 'user', parts: [{ text: 'a b' }] }],
        systemInstruction: { parts: [{ text: 'c' }] },
      }),
      3,
    );
    assert.equal(countInputTokens({ input: ['one two', 'three'] }), 3);
    assert.equal(countInputTokens({ texts: ['x y z'] }), 3);
    // Bedrock Titan (text generation and embeddings).
    assert.equal(
      countInputTokens({ inputText: 'a b c d', dimensions: 256 }),
      4,
    );
    // Mistral Conversations: inputs as a string, or entries with content.
    assert.equal(countInputTokens({ inputs: 'one two three' }), 3);
    assert.equal(
      countInputTokens({
        inputs: [{ type: 'message.input', role: 'user', content: 'a b' }],
      }),
      2,
    );
    assert.equal(countInputTokens({ prompt: 'p q', system: 's' }), 3);
  });

  void it('skips tools, schemas, roles and tool arguments; at least 1', () => {
    assert.equal(
      countInputTokens({
        messages: [
          {
            role: 'assistant',
            tool_calls: [
              { function: { name: 'f', arguments: '{"text":"no no"}' } },
            ],
          },
          { role: 'tool', content: 'sunny' },
        ],
        tools: [
          { function: { description: 'many words here', parameters: {} } },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { schema: { text: 'x' } },
        },
      }),
      1,
    );
    assert.equal(countInputTokens({}), 1);
    assert.equal(countInputTokens(undefined), 1);
  });
});
