import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerFromSdk } from '../../../src/providers/openai/sdk-provider-hint.js';

void describe('providerFromSdk', () => {
  void it('names the provider from SDK user agents, and nothing else', () => {
    const agents = [
      'Groq/JS 1.6.0',
      'Groq/Python 0.31.0',
      'mistral-client-typescript/2.7.0',
      'mistral-client-python/1.9.0',
      'speakeasy-sdk/typescript 2.7.0 2.884.13 1.0.0 @mistralai/mistralai',
      'speakeasy-sdk/python 1.9.0 2.687.13 1.0.0 mistralai',
      'OpenAI/JS 6.49.0',
      'node',
      'mistralaiX/1.0',
    ];
    assert.deepEqual(
      Object.fromEntries(
        agents.map(a => [a, providerFromSdk({ 'user-agent': a }) ?? null]),
      ),
      {
        'Groq/JS 1.6.0': 'groq',
        'Groq/Python 0.31.0': 'groq',
        'mistral-client-typescript/2.7.0': 'mistral_ai',
        'mistral-client-python/1.9.0': 'mistral_ai',
        'speakeasy-sdk/typescript 2.7.0 2.884.13 1.0.0 @mistralai/mistralai':
          'mistral_ai',
        'speakeasy-sdk/python 1.9.0 2.687.13 1.0.0 mistralai': 'mistral_ai',
        'OpenAI/JS 6.49.0': null,
        node: null,
        'mistralaiX/1.0': null,
      },
    );
    assert.equal(providerFromSdk({}), undefined);
  });
});
