import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerFromGateway } from '../../../src/providers/openai/gateway-provider-hint.js';
import { matchProvider } from '../../../src/providers/registry.js';

void describe('providerFromGateway', () => {
  void it('names the provider from the Portkey provider header, and nothing else', () => {
    const slugs = [
      'openai',
      'Azure-OpenAI',
      'anthropic',
      'vertex-ai',
      'mistral-ai',
      'together-ai',
      'fireworks-ai',
      'x-ai',
      'azure-ai',
      'some-new-slug',
      '',
    ];
    assert.deepEqual(
      slugs.map(s => providerFromGateway({ 'x-portkey-provider': s }) ?? null),
      [
        'openai',
        'azure.ai.openai',
        'anthropic',
        'gcp.vertex_ai',
        'mistral_ai',
        'together',
        'fireworks',
        'x_ai',
        'azure.ai.inference',
        null,
        null,
      ],
    );
    assert.equal(
      providerFromGateway({ 'x-portkey-virtual-key': 'vk' }),
      undefined,
    );
  });

  void it('names an OpenAI-format call through a Portkey gateway, which then needs no body proof', () => {
    const url = new URL('https://api.portkey.ai/v1/chat/completions');
    const found = (headers: Record<string, string>) =>
      matchProvider('POST', url, headers, { openAICompatibleBaseUrls: [] })
        ?.match;
    assert.deepEqual(
      [
        found({ 'x-portkey-provider': 'anthropic' }),
        found({ 'x-portkey-config': 'pc-1' }),
      ],
      [
        {
          provider: 'anthropic',
          operation: 'chat',
          api: 'openai.chat',
          confirmByBody: false,
        },
        {
          provider: 'openai_compatible',
          operation: 'chat',
          api: 'openai.chat',
          confirmByBody: true,
        },
      ],
    );
  });
});
