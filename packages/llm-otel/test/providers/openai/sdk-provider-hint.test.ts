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
      'Together/JS 0.52.0',
      'Cerebras/JS 1.59.0',
      'azsdk-js-ai-inference-rest/1.0.0-beta.6 core-rest-pipeline/1.24.0 Node/20.20.2 (Linux 6.18.44; x64)',
      'azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux-6.8.0-x86_64)',
      'azsdk-js-openai/2.0.0',
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
        'Together/JS 0.52.0': 'together',
        'Cerebras/JS 1.59.0': 'cerebras',
        'azsdk-js-ai-inference-rest/1.0.0-beta.6 core-rest-pipeline/1.24.0 Node/20.20.2 (Linux 6.18.44; x64)':
          'azure.ai.inference',
        'azsdk-python-ai-inference/1.0.0b9 Python/3.12.3 (Linux-6.8.0-x86_64)':
          'azure.ai.inference',
        'azsdk-js-openai/2.0.0': null,
        'OpenAI/JS 6.49.0': null,
        node: null,
        'mistralaiX/1.0': null,
      },
    );
    assert.equal(providerFromSdk({}), undefined);
  });
});
