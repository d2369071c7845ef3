import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicProvider } from '../../../src/providers/anthropic/anthropic-provider.js';
import { openaiProvider } from '../../../src/providers/openai/openai-provider.js';
import type { ProviderMatch, WireApi } from '../../../src/providers/types.js';

const onGateway = (api: WireApi): ProviderMatch => ({
  provider: 'vercel.ai_gateway',
  operation: 'chat',
  api,
  confirmByBody: false,
});
const options = { captureContent: false };

void describe('gateway model ids in the body', () => {
  void it("name the provider and the bare model on the gateway's OpenAI-compatible API", () => {
    const parse = (model: string) =>
      openaiProvider.parseRequest(
        onGateway('openai.chat'),
        JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
        options,
      );
    assert.deepEqual(
      ['openai/gpt-5', 'xai/grok-4', 'meta/llama-4-scout', 'gpt-5'].map(parse),
      [
        { provider: 'openai', model: 'gpt-5' },
        { provider: 'x_ai', model: 'grok-4' },
        { model: 'meta/llama-4-scout' },
        { model: 'gpt-5' },
      ],
    );
  });

  void it('name the provider on its Anthropic-compatible API, and nowhere else', () => {
    const body = JSON.stringify({
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const elsewhere: ProviderMatch = {
      ...onGateway('anthropic.messages'),
      provider: 'anthropic',
    };
    assert.deepEqual(
      [
        anthropicProvider.parseRequest(
          onGateway('anthropic.messages'),
          body,
          options,
        ),
        anthropicProvider.parseRequest(elsewhere, body, options),
      ],
      [
        { provider: 'anthropic', model: 'claude-sonnet-4.5', maxTokens: 64 },
        { model: 'anthropic/claude-sonnet-4.5', maxTokens: 64 },
      ],
    );
  });
});
