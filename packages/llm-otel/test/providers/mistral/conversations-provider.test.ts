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

/** The answer both the whole and the streamed fixture carry. */
const PARIS = [
  {
    role: 'assistant',
    parts: [{ type: 'text', content: 'Paris is the capital of France.' }],
  },
];

const MISTRAL_UA = { 'user-agent': 'mistral-client-typescript/2.7.0' };

function matched(
  url: string,
  headers: Record<string, string> = {},
  method = 'POST',
) {
  return matchProvider(method, new URL(url), headers, {
    openAICompatibleBaseUrls: [],
  });
}

function exchange(path: string, request: RequestFacts): Exchange {
  const found = matched(`https://api.mistral.ai${path}`);
  assert.ok(found);
  return { ...found, request };
}

void describe('Mistral conversations', () => {
  void it('matches start, append and restart, with the conversation id of the URL', () => {
    const base = {
      provider: 'mistral_ai',
      operation: 'chat',
      api: 'mistral.conversations',
    };
    assert.deepStrictEqual(
      [
        matched('https://api.mistral.ai/v1/conversations')?.match,
        matched('https://api.mistral.ai/v1/conversations/conv_1')?.match,
        matched('https://api.mistral.ai/v1/conversations/conv_1/restart')
          ?.match,
        matched('https://mistral.gw.example/v1/conversations', MISTRAL_UA)
          ?.match,
        matched('https://gw.example/v1/conversations')?.match,
        matched('https://api.mistral.ai/v1/conversations/conv_1/history', {}),
        matched('https://api.mistral.ai/v1/conversations', {}, 'GET'),
      ],
      [
        { ...base, confirmByBody: false },
        { ...base, confirmByBody: false, conversationId: 'conv_1' },
        { ...base, confirmByBody: false, conversationId: 'conv_1' },
        { ...base, confirmByBody: false },
        { ...base, confirmByBody: true },
        undefined,
        undefined,
      ],
    );
  });

  void it('reads the model, stream flag and completion_args; content only when captured', () => {
    const { module, match } = exchange('/v1/conversations', {});
    const body = JSON.stringify({
      model: 'mistral-medium-latest',
      stream: true,
      instructions: 'Answer briefly.',
      inputs: [
        { type: 'message.input', role: 'user', content: 'Capital of France?' },
        {
          type: 'function.result',
          tool_call_id: 'yq4AbC9dE',
          result: '{"temp": 18}',
        },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: {} } },
        { type: 'web_search' },
      ],
      completion_args: {
        temperature: 0.3,
        top_p: 0.9,
        max_tokens: 256,
        random_seed: 7,
        stop: ['##'],
        response_format: { type: 'json_object' },
      },
      store: true,
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      temperature: 0.3,
      topP: 0.9,
      stopSequences: ['##'],
      seed: 7,
      outputType: 'json',
      maxTokens: 256,
      model: 'mistral-medium-latest',
      stream: true,
    });
    const facts = module.parseRequest(match, body, WITH_CONTENT);
    assert.deepStrictEqual(
      [facts?.inputMessages, facts?.systemInstructions, facts?.toolDefinitions],
      [
        [
          {
            role: 'user',
            parts: [{ type: 'text', content: 'Capital of France?' }],
          },
          {
            role: 'tool',
            parts: [
              {
                type: 'tool_call_response',
                id: 'yq4AbC9dE',
                response: '{"temp": 18}',
              },
            ],
          },
        ],
        [{ type: 'text', content: 'Answer briefly.' }],
        [
          { type: 'function', name: 'get_weather' },
          { type: 'web_search', name: 'web_search' },
        ],
      ],
    );
  });

  void it('an append names the conversation, not the model; a string input is one user message', () => {
    const { module, match } = exchange('/v1/conversations/conv_9', {});
    assert.deepStrictEqual(
      module.parseRequest(
        match,
        JSON.stringify({ inputs: 'And Italy?', stream: false }),
        WITH_CONTENT,
      ),
      {
        conversationId: 'conv_9',
        inputMessages: [
          { role: 'user', parts: [{ type: 'text', content: 'And Italy?' }] },
        ],
      },
    );
  });

  void it('on a host we do not know, a body without inputs proves nothing', () => {
    const found = matched('https://gw.example/v1/conversations');
    assert.ok(found);
    assert.deepStrictEqual(
      [
        found.module.parseRequest(
          found.match,
          JSON.stringify({ items: [], metadata: {} }),
          NO_CONTENT,
        ),
        found.module.parseRequest(
          found.match,
          JSON.stringify({ model: 'mistral-small-latest', inputs: 'hi' }),
          NO_CONTENT,
        ),
      ],
      [undefined, { model: 'mistral-small-latest' }],
    );
  });

  void it('reads a whole answer: the model of its output entry, usage, the conversation id', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v1/conversations', { model: 'mistral-medium-latest' }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('mistral', 'conversation-start.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        conversationId: 'conv_0687f2a1c3b47d2e8000b41c9e5a1f02',
        responseModel: 'mistral-medium-2505',
        usage: { inputTokens: 12, outputTokens: 8 },
        outputMessages: PARIS,
      },
    });
  });

  void it('reads a function call answer', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v1/conversations', {}),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('mistral', 'conversation-function-call.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        conversationId: 'conv_0687f2b40e1a7c558000d2f3a4b5c6d7',
        usage: { inputTokens: 84, outputTokens: 17 },
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'yq4AbC9dE',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
          },
        ],
      },
    });
  });

  void it('reads a stream up to conversation.response.done: one chunk per output delta', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/v1/conversations', { stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('mistral', 'conversation-start-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        conversationId: 'conv_0687f2c8a9e37b118000e6f7a8b9c0d1',
        responseModel: 'mistral-medium-2505',
        usage: { inputTokens: 12, outputTokens: 8 },
        outputMessages: PARIS,
      },
    });
  });

  void it('takes the code of an error event, and a stream cut before done as cut', () => {
    const errored = parseAllSplits(
      responseParser(exchange('/v1/conversations', { stream: true }), SSE),
      fixture('mistral', 'conversation-stream-error.sse'),
    );
    const bytes = fixture('mistral', 'conversation-start-stream.sse');
    const cut = parseAllSplits(
      responseParser(exchange('/v1/conversations', { stream: true }), SSE),
      bytes.subarray(
        0,
        new TextDecoder()
          .decode(bytes)
          .indexOf('event: conversation.response.done'),
      ),
      true,
    );
    assert.deepStrictEqual(
      [errored, cut],
      [
        {
          chunks: 1,
          facts: {
            complete: false,
            conversationId: 'conv_0687f2e1d2c37a4b8000a9b8c7d6e5f4',
            responseModel: 'mistral-medium-2505',
            errorType: '3000',
            finishReasons: ['error'],
          },
        },
        {
          chunks: 3,
          facts: {
            complete: false,
            conversationId: 'conv_0687f2c8a9e37b118000e6f7a8b9c0d1',
            responseModel: 'mistral-medium-2505',
            finishReasons: ['error'],
          },
        },
      ],
    );
  });
});
