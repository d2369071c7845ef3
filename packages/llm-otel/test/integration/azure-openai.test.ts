// The real AzureOpenAI client (openai package) against @x/mock-llm speaking
// Azure OpenAI's deployment URLs, on a host that is not *.openai.azure.com:
// as behind API Management or a corporate gateway. The URL shape with
// api-version identifies Azure; the deployment is the request model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AzureOpenAI } from 'openai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const env = useMockLlmTelemetry();

const client = (deployment: string) =>
  new AzureOpenAI({
    endpoint: env.mock.url,
    apiKey: 'azure-secret',
    apiVersion: '2024-10-21',
    deployment,
  });

void describe('AzureOpenAI client through a gateway host', () => {
  void it('chat: azure.ai.openai, the deployment as request model', async () => {
    const r = await client('gpt4o-prod').chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hello there' }],
      max_tokens: 20,
    });
    assert.deepEqual(
      env.telemetry.ours().map(s => [s.name, s.attributes]),
      [
        [
          'chat gpt4o-prod',
          {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'azure.ai.openai',
            'server.address': '127.0.0.1',
            'server.port': env.mock.port,
            'llm_otel.feature': 'unattributed',
            'llm_otel.attempt': 0,
            'gen_ai.request.model': 'gpt4o-prod',
            'gen_ai.request.max_tokens': 20,
            'gen_ai.response.id': r.id,
            'gen_ai.response.model': r.model,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': r.usage!.prompt_tokens,
            'gen_ai.usage.output_tokens': r.usage!.completion_tokens,
            'gen_ai.usage.cache_read.input_tokens': 0,
            'gen_ai.usage.reasoning.output_tokens': 0,
            'openai.response.service_tier': r.service_tier,
            'openai.response.system_fingerprint': r.system_fingerprint,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });
});
