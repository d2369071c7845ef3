import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import type { RequestFacts } from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NO_CONTENT,
  SSE,
  WITH_CONTENT,
  fixture,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

const LANGUAGE = 'https://ai-gateway.vercel.sh/v3/ai/language-model';

function matched(url: string, headers: Record<string, string> = {}) {
  return matchProvider('POST', new URL(url), headers, {
    openAICompatibleBaseUrls: [],
  });
}

function exchange(
  headers: Record<string, string>,
  request: RequestFacts = {},
  url = LANGUAGE,
): Exchange {
  const found = matched(url, headers);
  assert.ok(found);
  return { ...found, request };
}

const GPT = { 'ai-language-model-id': 'openai/gpt-5-mini' };

void describe('Vercel AI Gateway', () => {
  void it('names the provider and model by the model id header; unknown creators stay the gateway’s', () => {
    const language = {
      operation: 'chat',
      api: 'vercel.gateway.language',
      confirmByBody: false,
    };
    assert.deepStrictEqual(
      [
        matched(LANGUAGE, {
          ...GPT,
          'ai-language-model-streaming': 'true',
        })?.match,
        matched(LANGUAGE, {
          'ai-language-model-id': 'anthropic/claude-sonnet-4',
          'ai-language-model-streaming': 'false',
        })?.match,
        matched(LANGUAGE, { 'ai-language-model-id': 'meta/llama-4-scout' })
          ?.match,
        matched('https://ai-gateway.vercel.sh/v1/ai/embedding-model', {
          'ai-model-id': 'google/gemini-embedding-001',
        })?.match,
        matched('https://llm-proxy.internal/v3/ai/language-model')?.match,
      ],
      [
        {
          ...language,
          provider: 'openai',
          model: 'gpt-5-mini',
          streamFromUrl: true,
        },
        { ...language, provider: 'anthropic', model: 'claude-sonnet-4' },
        {
          ...language,
          provider: 'vercel.ai_gateway',
          model: 'meta/llama-4-scout',
        },
        {
          provider: 'gcp.gemini',
          operation: 'embeddings',
          api: 'vercel.gateway.embedding',
          confirmByBody: false,
          model: 'gemini-embedding-001',
        },
        { ...language, provider: 'vercel.ai_gateway', confirmByBody: true },
      ],
    );
  });

  void it('reads the AI SDK call options; content only when captured', () => {
    const { module, match } = exchange({
      ...GPT,
      'ai-language-model-streaming': 'true',
    });
    const body = JSON.stringify({
      prompt: [
        { role: 'system', content: 'Answer briefly.' },
        {
          role: 'user',
          content: [{ type: 'text', text: 'Weather in Paris?' }],
        },
        {
          role: 'assistant',
          content: [
            {
              type: 'tool-call',
              toolCallId: 'call_1',
              toolName: 'get_weather',
              input: { city: 'Paris' },
            },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call_1',
              toolName: 'get_weather',
              output: { type: 'json', value: { temp: 18 } },
            },
          ],
        },
      ],
      maxOutputTokens: 200,
      temperature: 0.4,
      topP: 0.9,
      stopSequences: ['##'],
      seed: 3,
      responseFormat: { type: 'json' },
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          inputSchema: { type: 'object' },
        },
      ],
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'gpt-5-mini',
      stream: true,
      maxTokens: 200,
      temperature: 0.4,
      topP: 0.9,
      stopSequences: ['##'],
      seed: 3,
      outputType: 'json',
    });
    const facts = module.parseRequest(match, body, WITH_CONTENT);
    assert.deepStrictEqual(
      [facts?.systemInstructions, facts?.inputMessages, facts?.toolDefinitions],
      [
        [{ type: 'text', content: 'Answer briefly.' }],
        [
          {
            role: 'user',
            parts: [{ type: 'text', content: 'Weather in Paris?' }],
          },
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_1',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
          },
          {
            role: 'tool',
            parts: [
              {
                type: 'tool_call_response',
                id: 'call_1',
                response: { type: 'json', value: { temp: 18 } },
              },
            ],
          },
        ],
        [{ type: 'function', name: 'get_weather' }],
      ],
    );
  });

  void it('reads a generate result: response id and model, raw finish reason, nested usage', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(GPT, { model: 'gpt-5-mini' }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('vercel-gateway', 'gateway-generate-text.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'resp_0b1d4c7a',
        responseModel: 'gpt-5-mini-2025-08-07',
        usage: {
          inputTokens: 14,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
          outputTokens: 9,
          reasoningOutputTokens: 0,
        },
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Paris is the capital of France.' },
            ],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reads a tool call with reasoning and cache tokens', () => {
    const got = parseAllSplits(
      responseParser(
        exchange({ 'ai-language-model-id': 'anthropic/claude-sonnet-4' }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('vercel-gateway', 'gateway-generate-tool-call.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'msg_01XyZ',
      responseModel: 'claude-sonnet-4-20250514',
      usage: {
        inputTokens: 412,
        cacheReadInputTokens: 384,
        cacheWriteInputTokens: 16,
        outputTokens: 58,
        reasoningOutputTokens: 18,
      },
      finishReasons: ['tool_use'],
      outputMessages: [
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'The user wants the weather.' },
            {
              type: 'tool_call',
              id: 'toolu_01A2B3C4D5',
              name: 'get_weather',
              arguments: { city: 'Paris' },
            },
          ],
          finish_reason: 'tool_use',
        },
      ],
    });
  });

  void it('reads a stream up to its finish part: one chunk per text delta', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(
          { ...GPT, 'ai-language-model-streaming': 'true' },
          { model: 'gpt-5-mini', stream: true },
        ),
        SSE,
        WITH_CONTENT,
      ),
      fixture('vercel-gateway', 'gateway-stream-text.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseId: 'chatcmpl-CfQ2',
        responseModel: 'gpt-5-mini-2025-08-07',
        usage: {
          inputTokens: 14,
          cacheReadInputTokens: 8,
          cacheWriteInputTokens: 0,
          outputTokens: 9,
          reasoningOutputTokens: 0,
        },
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Paris is the capital of France.' },
            ],
          },
        ],
      },
    });
  });

  void it('takes the type of an error part', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(
          { ...GPT, 'ai-language-model-streaming': 'true' },
          { stream: true },
        ),
        SSE,
      ),
      fixture('vercel-gateway', 'gateway-stream-error.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseId: 'chatcmpl-CfQ3',
        responseModel: 'gpt-5-mini-2025-08-07',
        errorType: 'internal_server_error',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads an embedding answer: token usage and dimension', () => {
    const got = parseAllSplits(
      responseParser(
        exchange(
          { 'ai-model-id': 'openai/text-embedding-3-small' },
          {},
          'https://ai-gateway.vercel.sh/v3/ai/embedding-model',
        ),
        JSON_BODY,
      ),
      fixture('vercel-gateway', 'gateway-embed.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        usage: { inputTokens: 7 },
        embeddingsDimension: 4,
      },
    });
  });
});
