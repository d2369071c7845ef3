import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bedrockProvider } from '../../src/providers/bedrock/index.js';
import { anthropicProvider } from '../../src/providers/anthropic/anthropic-provider.js';
import { cohereProvider } from '../../src/providers/cohere/cohere-provider.js';
import { cohereV1Provider } from '../../src/providers/cohere/cohere-v1-provider.js';
import { geminiProvider } from '../../src/providers/gemini/gemini-provider.js';
import { ollamaProvider } from '../../src/providers/ollama/ollama-provider.js';
import { ociProvider } from '../../src/providers/oci/oci-provider.js';
import { openaiProvider } from '../../src/providers/openai/openai-provider.js';
import { matchProvider } from '../../src/providers/registry.js';
import type {
  MatchOptions,
  ProviderMatch,
  ProviderModule,
} from '../../src/providers/types.js';

const NONE: MatchOptions = { openAICompatibleBaseUrls: [] };

function match(method: string, url: string, options: MatchOptions = NONE) {
  return matchProvider(method, new URL(url), {}, options);
}

const cases: [string, string, ProviderModule, ProviderMatch][] = [
  [
    'POST',
    'https://api.openai.com/v1/chat/completions',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.openai.com/v1/completions',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'text_completion',
      api: 'openai.completions',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.openai.com/v1/embeddings',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.openai.com/v1/responses',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'chat',
      api: 'openai.responses',
      confirmByBody: false,
    },
  ],
  [
    'GET',
    'https://api.openai.com/v1/responses/resp_123',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'fetch_response',
      api: 'openai.responses',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://contoso.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
      model: 'gpt4o-prod',
    },
  ],
  [
    'POST',
    'https://contoso.openai.azure.com/openai/deployments/emb%20large/embeddings?api-version=2024-10-21',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: false,
      model: 'emb large',
    },
  ],
  [
    'POST',
    'https://contoso.openai.azure.com/openai/v1/responses',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.responses',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://my-foundry.cognitiveservices.azure.com/openai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://my-foundry.services.ai.azure.com/openai/deployments/o4-mini/chat/completions?api-version=2025-01-01-preview',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
      model: 'o4-mini',
    },
  ],
  [
    'POST',
    'https://my-foundry.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview',
    openaiProvider,
    {
      provider: 'azure.ai.inference',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.groq.com/openai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'groq',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.mistral.ai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'mistral_ai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.deepseek.com/anthropic/v1/messages',
    anthropicProvider,
    {
      provider: 'deepseek',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.moonshot.ai/anthropic/v1/messages',
    anthropicProvider,
    {
      provider: 'moonshot_ai',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://openrouter.ai/api/v1/messages',
    anthropicProvider,
    {
      provider: 'openrouter',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/openai/chat/completions',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/groq/chat/completions',
    openaiProvider,
    {
      provider: 'groq',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/mistral/v1/chat/completions',
    openaiProvider,
    {
      provider: 'mistral_ai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/grok/v1/responses',
    openaiProvider,
    {
      provider: 'x_ai',
      operation: 'chat',
      api: 'openai.responses',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/openai/embeddings',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/azure-openai/res/prod%20chat/chat/completions?api-version=2024-06-01',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
      model: 'prod chat',
    },
  ],
  [
    'POST',
    'https://gateway.ai.cloudflare.com/v1/acc/gw/compat/chat/completions',
    openaiProvider,
    {
      provider: 'openai_compatible',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://oai.helicone.ai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.mistral.ai/v1/agents/completions',
    openaiProvider,
    {
      provider: 'mistral_ai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.mistral.ai/v1/fim/completions',
    openaiProvider,
    {
      provider: 'mistral_ai',
      operation: 'text_completion',
      api: 'openai.completions',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.mistral.ai/v1/embeddings',
    openaiProvider,
    {
      provider: 'mistral_ai',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.deepseek.com/chat/completions',
    openaiProvider,
    {
      provider: 'deepseek',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.together.xyz/v1/chat/completions',
    openaiProvider,
    {
      provider: 'together',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.cerebras.ai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'cerebras',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://router.huggingface.co/v1/chat/completions',
    openaiProvider,
    {
      provider: 'huggingface',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.deepinfra.com/v1/openai/embeddings',
    openaiProvider,
    {
      provider: 'deepinfra',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions',
    openaiProvider,
    {
      provider: 'dashscope',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://open.bigmodel.cn/api/paas/v4/chat/completions',
    openaiProvider,
    {
      provider: 'zhipu_ai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.llama.com/compat/v1/chat/completions',
    openaiProvider,
    {
      provider: 'meta',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://ai-gateway.vercel.sh/v1/chat/completions',
    openaiProvider,
    {
      provider: 'vercel.ai_gateway',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://ai-gateway.vercel.sh/v1/messages',
    anthropicProvider,
    {
      provider: 'vercel.ai_gateway',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat',
    ociProvider,
    {
      provider: 'oracle_cloud.generative_ai',
      operation: 'chat',
      api: 'oci.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://genai-proxy.internal/20231130/actions/embedText',
    ociProvider,
    {
      provider: 'oracle_cloud.generative_ai',
      operation: 'embeddings',
      api: 'oci.embed',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'https://openrouter.ai/api/v1/chat/completions',
    openaiProvider,
    {
      provider: 'openrouter',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.x.ai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'x_ai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.perplexity.ai/chat/completions',
    openaiProvider,
    {
      provider: 'perplexity',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    openaiProvider,
    {
      provider: 'gcp.gemini',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  // Azure OpenAI behind a gateway or a custom domain (API Management, a
  // proxy): the deployment URL shape with api-version, on any host.
  [
    'POST',
    'https://llm-gateway.corp.example/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    openaiProvider,
    {
      provider: 'azure.ai.openai',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
      model: 'gpt4o-prod',
    },
  ],
  // Without api-version the shape alone says nothing: OpenAI-compatible.
  [
    'POST',
    'http://127.0.0.1:8080/openai/deployments/gpt4o-prod/chat/completions',
    openaiProvider,
    {
      provider: 'openai_compatible',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: true,
    },
  ],
  // Ollama /v1, vLLM, LM Studio: any host, path only, confirmed by body.
  [
    'POST',
    'http://localhost:11434/v1/chat/completions',
    openaiProvider,
    {
      provider: 'openai_compatible',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'http://gpu-box.internal:8000/v1/completions',
    openaiProvider,
    {
      provider: 'openai_compatible',
      operation: 'text_completion',
      api: 'openai.completions',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:1234/v1/embeddings',
    openaiProvider,
    {
      provider: 'openai_compatible',
      operation: 'embeddings',
      api: 'openai.embeddings',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'https://api.anthropic.com/v1/messages',
    anthropicProvider,
    {
      provider: 'anthropic',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://llm-gateway.example.com/anthropic/v1/messages',
    anthropicProvider,
    {
      provider: 'anthropic',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    geminiProvider,
    {
      provider: 'gcp.gemini',
      operation: 'generate_content',
      api: 'gemini.generate',
      confirmByBody: false,
      model: 'gemini-2.5-flash',
    },
  ],
  [
    'POST',
    'https://generativelanguage.googleapis.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    geminiProvider,
    {
      provider: 'gcp.gemini',
      operation: 'generate_content',
      api: 'gemini.generate',
      confirmByBody: false,
      model: 'gemini-2.5-pro',
      streamFromUrl: true,
    },
  ],
  [
    'POST',
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents',
    geminiProvider,
    {
      provider: 'gcp.gemini',
      operation: 'embeddings',
      api: 'gemini.embed',
      confirmByBody: false,
      model: 'gemini-embedding-001',
    },
  ],
  [
    'POST',
    'https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:generateContent',
    geminiProvider,
    {
      provider: 'gcp.vertex_ai',
      operation: 'generate_content',
      api: 'gemini.generate',
      confirmByBody: false,
      model: 'gemini-2.0-flash-001',
    },
  ],
  [
    'POST',
    'https://aiplatform.googleapis.com/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent',
    geminiProvider,
    {
      provider: 'gcp.vertex_ai',
      operation: 'generate_content',
      api: 'gemini.generate',
      confirmByBody: false,
      model: 'gemini-2.5-flash',
      streamFromUrl: true,
    },
  ],
  [
    'POST',
    'https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict',
    geminiProvider,
    {
      provider: 'gcp.vertex_ai',
      operation: 'chat',
      api: 'anthropic.messages',
      confirmByBody: false,
      model: 'claude-sonnet-4@20250514',
      streamFromUrl: true,
    },
  ],
  [
    'POST',
    'https://api.cohere.com/v2/chat',
    cohereProvider,
    {
      provider: 'cohere',
      operation: 'chat',
      api: 'cohere.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.cohere.com/v2/embed',
    cohereProvider,
    {
      provider: 'cohere',
      operation: 'embeddings',
      api: 'cohere.embed',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://api.cohere.com/v1/chat',
    cohereV1Provider,
    {
      provider: 'cohere',
      operation: 'chat',
      api: 'cohere.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:11434/api/chat',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'chat',
      api: 'ollama.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:11434/api/generate',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'text_completion',
      api: 'ollama.generate',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:11434/api/embed',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'embeddings',
      api: 'ollama.embed',
      confirmByBody: false,
    },
  ],
  // The legacy endpoint, not an OpenAI-compatible `…/embeddings`, on its port.
  [
    'POST',
    'http://127.0.0.1:11434/api/embeddings',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'embeddings',
      api: 'ollama.embed',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://ollama.com/api/chat',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'chat',
      api: 'ollama.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'http://ollama.internal:8080/api/chat',
    ollamaProvider,
    {
      provider: 'ollama',
      operation: 'chat',
      api: 'ollama.chat',
      confirmByBody: true,
    },
  ],
];

cases.push(
  [
    'POST',
    'http://127.0.0.1:8080/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    geminiProvider,
    {
      provider: 'gcp.gen_ai',
      operation: 'generate_content',
      api: 'gemini.generate',
      confirmByBody: true,
      model: 'gemini-2.5-flash',
      streamFromUrl: true,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:8080/cohere/v2/chat',
    cohereProvider,
    {
      provider: 'cohere',
      operation: 'chat',
      api: 'cohere.chat',
      confirmByBody: true,
    },
  ],
  [
    'POST',
    'http://127.0.0.1:8080/v2/embed',
    cohereProvider,
    {
      provider: 'cohere',
      operation: 'embeddings',
      api: 'cohere.embed',
      confirmByBody: true,
    },
  ],
);

cases.push(
  [
    'POST',
    'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream',
    bedrockProvider,
    {
      provider: 'aws.bedrock',
      operation: 'chat',
      api: 'bedrock.converse',
      model: 'anthropic.claude-3-haiku-20240307-v1:0',
      confirmByBody: false,
      streamFromUrl: true,
    },
  ],
  [
    'POST',
    'https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1/chat/completions',
    openaiProvider,
    {
      provider: 'aws.bedrock',
      operation: 'chat',
      api: 'openai.chat',
      confirmByBody: false,
    },
  ],
  [
    'POST',
    'https://bedrock-mantle.us-east-1.api.aws/openai/v1/responses',
    openaiProvider,
    {
      provider: 'aws.bedrock',
      operation: 'chat',
      api: 'openai.responses',
      confirmByBody: false,
    },
  ],
);

void describe('matchProvider', () => {
  for (const [method, url, module, expected] of cases) {
    void it(`matches ${method} ${url}`, () => {
      const got = match(method, url);
      assert.ok(got, 'no match');
      assert.equal(got.module, module);
      assert.deepStrictEqual(got.match, expected);
    });
  }

  const others: [string, string][] = [
    ['GET', 'https://api.openai.com/v1/models'],
    ['POST', 'https://api.openai.com/v1/files'],
    ['GET', 'https://api.openai.com/v1/chat/completions'],
    ['POST', 'https://api.anthropic.com/v1/messages/count_tokens'],
    ['POST', 'https://api.anthropic.com/v1/messages/batches'],
    [
      'POST',
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens',
    ],
    ['GET', 'https://generativelanguage.googleapis.com/v1beta/models'],
    ['POST', 'https://storage.googleapis.com/upload/storage/v1/b/bucket/o'],
    ['GET', 'https://example.com/'],
    ['POST', 'https://example.com/api/v2/orders'],
    ['GET', 'http://localhost:8000/v1/responses/resp_1'],
    ['POST', 'https://api.cohere.com/v1/rerank'],
    ['GET', 'http://127.0.0.1:11434/api/tags'],
    [
      'POST',
      'https://contoso.openai.azure.com/openai/deployments/x/images/generations?api-version=1',
    ],
  ];
  for (const [method, url] of others) {
    void it(`does not match other traffic: ${method} ${url}`, () => {
      assert.equal(match(method, url), undefined);
    });
  }

  void it('matches user-declared base URLs without body confirmation', () => {
    const options: MatchOptions = {
      openAICompatibleBaseUrls: [
        new URL('https://llm.corp.example/proxy/openai/'),
      ],
    };
    assert.deepStrictEqual(
      match(
        'POST',
        'https://llm.corp.example/proxy/openai/chat/completions',
        options,
      )?.match,
      {
        provider: 'openai_compatible',
        operation: 'chat',
        api: 'openai.chat',
        confirmByBody: false,
      },
    );
    assert.deepStrictEqual(
      match(
        'GET',
        'https://llm.corp.example/proxy/openai/responses/resp_9',
        options,
      )?.match,
      {
        provider: 'openai_compatible',
        operation: 'fetch_response',
        api: 'openai.responses',
        confirmByBody: false,
      },
    );
    // Outside the declared prefix the path rule still applies, with confirmation.
    assert.deepStrictEqual(
      match('POST', 'https://llm.corp.example/other/chat/completions', options)
        ?.match,
      {
        provider: 'openai_compatible',
        operation: 'chat',
        api: 'openai.chat',
        confirmByBody: true,
      },
    );
    assert.equal(
      match('POST', 'https://llm.corp.example/proxy/openaiX/chat/completions', {
        openAICompatibleBaseUrls: [
          new URL('https://llm.corp.example/proxy/openai'),
        ],
      })?.match.confirmByBody,
      true,
    );
  });

  void it('returns the same match object for repeated known-host calls (no per-call allocation in modules)', () => {
    const a = match('POST', 'https://api.anthropic.com/v1/messages');
    const b = match('POST', 'https://api.anthropic.com/v1/messages');
    assert.equal(a?.match, b?.match);
  });

  void it('confirms Gemini and Cohere paths on unknown hosts only by body shape', () => {
    const gemini = match(
      'POST',
      'http://127.0.0.1:8080/v1/models/m1:generateContent',
    );
    assert.ok(gemini);
    assert.equal(
      gemini.module.parseRequest(gemini.match, '{"x":1}', {
        captureContent: false,
      }),
      undefined,
    );
    assert.deepStrictEqual(
      gemini.module.parseRequest(gemini.match, '{"contents":[]}', {
        captureContent: false,
      }),
      { model: 'm1' },
    );
    const cohere = match('POST', 'http://127.0.0.1:8080/v2/embed');
    assert.ok(cohere);
    assert.equal(
      cohere.module.parseRequest(cohere.match, '{"model":"e"}', {
        captureContent: false,
      }),
      undefined,
    );
    assert.deepStrictEqual(
      cohere.module.parseRequest(cohere.match, '{"model":"e","texts":["a"]}', {
        captureContent: false,
      }),
      { model: 'e' },
    );
  });

  void it('takes an OpenAI-format call on an unknown host as proven when a one-provider SDK sent it', () => {
    const url = new URL('https://llm-gateway.internal/v1/agents/completions');
    const agent = {
      agent_id: 'ag_1',
      messages: [{ role: 'user', content: 'hi' }],
    };
    const found = (userAgent: string) => {
      const m = matchProvider('POST', url, { 'user-agent': userAgent }, NONE);
      assert.ok(m);
      return {
        match: m.match,
        facts: m.module.parseRequest(m.match, JSON.stringify(agent), {
          captureContent: false,
        }),
      };
    };
    assert.deepStrictEqual(
      [found('mistral-client-typescript/1.10.0'), found('OpenAI/JS 6.49.0')],
      [
        {
          match: {
            provider: 'mistral_ai',
            operation: 'chat',
            api: 'openai.chat',
            confirmByBody: false,
          },
          facts: {},
        },
        {
          match: {
            provider: 'openai_compatible',
            operation: 'chat',
            api: 'openai.chat',
            confirmByBody: true,
          },
          // No model: not proven, so the recorder drops it (attempt-sink).
          facts: {},
        },
      ],
    );
  });

  void it('matches Bedrock on another host when SigV4-signed for bedrock, returning the Bedrock module', () => {
    const got = matchProvider(
      'POST',
      new URL(
        'https://llm-proxy.corp.example/model/amazon.nova-lite-v1%3A0/converse',
      ),
      {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc',
      },
      NONE,
    );
    assert.equal(got?.module, bedrockProvider);
    assert.equal(got?.match.model, 'amazon.nova-lite-v1:0');
    assert.equal(
      match('POST', 'https://llm-proxy.corp.example/model/x/converse'),
      undefined,
    );
  });
});
