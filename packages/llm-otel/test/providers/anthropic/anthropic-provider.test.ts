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
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

function exchange(request: RequestFacts = {}): Exchange {
  const found = matchProvider(
    'POST',
    new URL('https://api.anthropic.com/v1/messages'),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found);
  return { ...found, request };
}

void describe('Anthropic messages request', () => {
  void it('reads parameters, system, messages and tools', () => {
    const { module, match } = exchange();
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        {
          type: 'text',
          text: 'You are a weather bot.',
          cache_control: { type: 'ephemeral' },
        },
      ],
      messages: [
        { role: 'user', content: 'Weather in SF?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use the tool.', signature: 'sig' },
            {
              type: 'tool_use',
              id: 'toolu_1',
              name: 'get_weather',
              input: { location: 'SF' },
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: '15C, fog',
            },
            {
              type: 'image',
              source: {
                type: 'base64',
                media_type: 'image/jpeg',
                data: '/9j/4AAQ',
              },
            },
          ],
        },
      ],
      stop_sequences: ['END'],
      temperature: 0.7,
      top_k: 5,
      stream: true,
      output_config: { effort: 'high' },
      tools: [
        {
          name: 'get_weather',
          description: 'd',
          input_schema: { type: 'object' },
        },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
      ],
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'claude-sonnet-4-5',
      stream: true,
      maxTokens: 1024,
      temperature: 0.7,
      topK: 5,
      stopSequences: ['END'],
      reasoningLevel: 'high',
    });
    const facts = module.parseRequest(match, body, WITH_CONTENT);
    assert.deepStrictEqual(facts?.systemInstructions, [
      { type: 'text', content: 'You are a weather bot.' },
    ]);
    assert.deepStrictEqual(facts?.inputMessages, [
      { role: 'user', parts: [{ type: 'text', content: 'Weather in SF?' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Use the tool.' },
          {
            type: 'tool_call',
            id: 'toolu_1',
            name: 'get_weather',
            arguments: { location: 'SF' },
          },
        ],
      },
      {
        role: 'user',
        parts: [
          { type: 'tool_call_response', id: 'toolu_1', response: '15C, fog' },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/jpeg',
            content: '/9j/4AAQ',
          },
        ],
      },
    ]);
    assert.deepStrictEqual(facts?.toolDefinitions, [
      { type: 'function', name: 'get_weather' },
      { type: 'web_search_20250305', name: 'web_search' },
    ]);
  });
});

void describe('Anthropic messages response', () => {
  void it('adds cache read and cache creation tokens to input tokens', () => {
    const got = parseAllSplits(
      responseParser(exchange(), JSON_BODY, WITH_CONTENT),
      fixture('anthropic', 'anthropic-messages-cache.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
        responseModel: 'claude-sonnet-4-5-20250929',
        serviceTier: 'standard',
        finishReasons: ['end_turn'],
        usage: {
          inputTokens: 21 + 1024 + 188,
          outputTokens: 14,
          cacheReadInputTokens: 1024,
          cacheWriteInputTokens: 188,
        },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'text',
                content: 'Based on the cached document, the answer is 42.',
              },
            ],
            finish_reason: 'end_turn',
          },
        ],
      },
    });
  });

  void it('merges stream usage with message_delta winning, and assembles thinking and tool input', () => {
    const got = parseAllSplits(
      responseParser(exchange({ stream: true }), SSE, WITH_CONTENT),
      fixture('anthropic', 'anthropic-messages-stream-thinking-tool-cache.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 7,
      facts: {
        complete: true,
        responseId: 'msg_01Hq8rYk3LwZ4vN9xP2sT7aB',
        responseModel: 'claude-sonnet-4-5-20250929',
        serviceTier: 'standard',
        finishReasons: ['tool_use'],
        usage: {
          inputTokens: 472 + 2048,
          outputTokens: 89,
          cacheReadInputTokens: 2048,
          cacheWriteInputTokens: 0,
        },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'reasoning',
                content: 'The user wants the weather; call the tool.',
              },
              { type: 'text', content: 'Let me check the weather.' },
              {
                type: 'tool_call',
                id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
                name: 'get_weather',
                arguments: { location: 'San Francisco, CA' },
              },
            ],
            finish_reason: 'tool_use',
          },
        ],
      },
    });
  });

  void it('keeps message_start usage when the stream is cut before message_delta', () => {
    const whole = fixture(
      'anthropic',
      'anthropic-messages-stream-thinking-tool-cache.sse',
    );
    const text = new TextDecoder().decode(whole);
    const cut = new TextEncoder().encode(
      text.slice(0, text.indexOf('event: message_delta') + 9),
    );
    const got = parseAllSplits(
      responseParser(exchange({ stream: true }), SSE),
      cut,
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 7,
      facts: {
        complete: false,
        responseId: 'msg_01Hq8rYk3LwZ4vN9xP2sT7aB',
        responseModel: 'claude-sonnet-4-5-20250929',
        serviceTier: 'standard',
        finishReasons: ['error'],
        usage: {
          inputTokens: 472 + 2048,
          outputTokens: 2,
          cacheReadInputTokens: 2048,
          cacheWriteInputTokens: 0,
        },
      },
    });
  });

  void it('reads thinking tokens as reasoning tokens when reported', () => {
    const body = JSON.stringify({
      id: 'msg_x',
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-1',
      content: [],
      stop_reason: 'max_tokens',
      usage: {
        input_tokens: 10,
        output_tokens: 300,
        output_tokens_details: { thinking_tokens: 250 },
      },
    });
    const got = parseAllSplits(
      responseParser(exchange(), JSON_BODY),
      new TextEncoder().encode(body),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'msg_x',
      responseModel: 'claude-opus-4-1',
      finishReasons: ['max_tokens'],
      usage: { inputTokens: 10, outputTokens: 300, reasoningOutputTokens: 250 },
    });
  });

  void it('reads an overloaded_error event mid-stream', () => {
    const got = parseAllSplits(
      responseParser(exchange({ stream: true }), SSE),
      fixture('anthropic', 'anthropic-messages-stream-overloaded-error.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseId: 'msg_01Ab2Cd3Ef4Gh5Ij6Kl7Mn8O',
        responseModel: 'claude-haiku-4-5-20251001',
        serviceTier: 'standard',
        errorType: 'overloaded_error',
        finishReasons: ['error'],
        usage: {
          inputTokens: 12,
          outputTokens: 1,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      },
    });
  });

  const errors: [string, number, string][] = [
    ['anthropic-error-overloaded.json', 529, 'overloaded_error'],
    ['anthropic-error-rate-limit.json', 429, 'rate_limit_error'],
    ['anthropic-error-model-not-found.json', 404, 'not_found_error'],
  ];
  for (const [name, status, errorType] of errors) {
    void it(`reads ${errorType} from a ${status} body`, () => {
      const got = parseAllSplits(
        responseParser(
          exchange({ stream: true }),
          meta('application/json', status),
        ),
        fixture('anthropic', name),
      );
      assert.deepStrictEqual(got, {
        chunks: 0,
        facts: { complete: true, errorType },
      });
    });
  }
});
