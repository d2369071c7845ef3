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

const ORIGIN = 'https://us-south.ml.cloud.ibm.com';

function matched(url: string) {
  return matchProvider(
    'POST',
    new URL(url),
    {},
    {
      openAICompatibleBaseUrls: [],
    },
  );
}

function exchange(path: string, request: RequestFacts = {}): Exchange {
  const found = matched(`${ORIGIN}${path}?version=2024-05-31`);
  assert.ok(found);
  return { ...found, request };
}

const PARIS = [
  {
    role: 'assistant',
    parts: [{ type: 'text', content: 'Paris is the capital of France.' }],
  },
];

void describe('IBM watsonx.ai', () => {
  void it('matches chat, generation and embeddings, streamed and under a deployment, and its OpenAI-compatible gateway', () => {
    const on = (path: string, host = ORIGIN) =>
      matched(`${host}${path}?version=2024-05-31`)?.match;
    const chat = {
      provider: 'ibm.watsonx.ai',
      operation: 'chat',
      api: 'watsonx.chat',
      confirmByBody: false,
    };
    assert.deepStrictEqual(
      [
        on('/ml/v1/text/chat'),
        on('/ml/v1/text/chat_stream'),
        on('/ml/v1/deployments/my%20granite/text/generation_stream'),
        on('/ml/v1/text/embeddings'),
        on('/ml/v1/text/chat', 'https://cpd.example.internal'),
        on('/ml/v1/text/embeddings', 'https://cpd.example.internal'),
        on('/ml/v1/text/tokenization'),
        on('/ml/gateway/v1/chat/completions'),
      ],
      [
        chat,
        { ...chat, streamFromUrl: true },
        {
          provider: 'ibm.watsonx.ai',
          operation: 'text_completion',
          api: 'watsonx.generation',
          confirmByBody: false,
          model: 'my granite',
          streamFromUrl: true,
        },
        {
          provider: 'ibm.watsonx.ai',
          operation: 'embeddings',
          api: 'watsonx.embeddings',
          confirmByBody: false,
        },
        { ...chat, confirmByBody: true },
        {
          provider: 'ibm.watsonx.ai',
          operation: 'embeddings',
          api: 'watsonx.embeddings',
          confirmByBody: true,
        },
        undefined,
        {
          provider: 'ibm.watsonx.ai',
          operation: 'chat',
          api: 'openai.chat',
          confirmByBody: false,
        },
      ],
    );
  });

  void it('reads model_id and the parameters of each request', () => {
    const chat = exchange('/ml/v1/text/chat_stream');
    const generation = exchange('/ml/v1/text/generation');
    const embeddings = exchange('/ml/v1/text/embeddings');
    assert.deepStrictEqual(
      [
        chat.module.parseRequest(
          chat.match,
          JSON.stringify({
            model_id: 'ibm/granite-3-8b-instruct',
            project_id: 'p1',
            messages: [{ role: 'user', content: 'Capital of France?' }],
            max_tokens: 50,
            temperature: 0.3,
          }),
          NO_CONTENT,
        ),
        generation.module.parseRequest(
          generation.match,
          JSON.stringify({
            model_id: 'ibm/granite-13b-instruct-v2',
            input: 'Capital of France?',
            parameters: {
              max_new_tokens: 20,
              temperature: 0.7,
              top_k: 50,
              top_p: 0.9,
              random_seed: 7,
              stop_sequences: ['\n\n'],
            },
          }),
          WITH_CONTENT,
        ),
        embeddings.module.parseRequest(
          embeddings.match,
          JSON.stringify({
            model_id: 'ibm/slate-30m-english-rtrvr',
            inputs: ['a b c'],
          }),
          NO_CONTENT,
        ),
      ],
      [
        {
          model: 'ibm/granite-3-8b-instruct',
          temperature: 0.3,
          maxTokens: 50,
          stream: true,
        },
        {
          model: 'ibm/granite-13b-instruct-v2',
          maxTokens: 20,
          temperature: 0.7,
          topP: 0.9,
          topK: 50,
          seed: 7,
          stopSequences: ['\n\n'],
          inputMessages: [
            {
              role: 'user',
              parts: [{ type: 'text', content: 'Capital of France?' }],
            },
          ],
        },
        { model: 'ibm/slate-30m-english-rtrvr' },
      ],
    );
  });

  void it('reads a chat answer: OpenAI chat with model_id', () => {
    const got = parseAllSplits(
      responseParser(exchange('/ml/v1/text/chat'), JSON_BODY, WITH_CONTENT),
      fixture('watsonx', 'watsonx-chat.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'chat-7f3a9c1e2b',
        responseModel: 'ibm/granite-3-8b-instruct',
        usage: { inputTokens: 21, outputTokens: 8 },
        finishReasons: ['stop'],
        outputMessages: [{ ...PARIS[0]!, finish_reason: 'stop' }],
      },
    });
  });

  void it('reads a chat stream without [DONE]: complete at its finish reason', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('/ml/v1/text/chat_stream', { stream: true }),
        SSE,
      ),
      fixture('watsonx', 'watsonx-chat-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: true,
        responseId: 'chat-7f3b',
        responseModel: 'ibm/granite-3-8b-instruct',
        usage: { inputTokens: 21, outputTokens: 8 },
        finishReasons: ['stop'],
      },
    });
  });

  void it('reads a generation answer and its stream: stop reason and token counts', () => {
    const whole = parseAllSplits(
      responseParser(
        exchange('/ml/v1/text/generation'),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('watsonx', 'watsonx-generation.json'),
    );
    const streamed = parseAllSplits(
      responseParser(
        exchange('/ml/v1/text/generation_stream', { stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('watsonx', 'watsonx-generation-stream.sse'),
    );
    const facts = {
      complete: true,
      responseModel: 'ibm/granite-13b-instruct-v2',
      finishReasons: ['eos_token'],
      usage: { inputTokens: 7, outputTokens: 9 },
      outputMessages: PARIS,
    };
    assert.deepStrictEqual(
      [whole, streamed],
      [
        { chunks: 0, facts },
        { chunks: 2, facts },
      ],
    );
  });

  void it('reads embeddings: input tokens and dimension; an error body gives its code', () => {
    const embeddings = parseAllSplits(
      responseParser(exchange('/ml/v1/text/embeddings'), JSON_BODY),
      fixture('watsonx', 'watsonx-embeddings.json'),
    );
    const error = parseAllSplits(
      responseParser(
        exchange('/ml/v1/text/chat'),
        meta('application/json', 404),
      ),
      fixture('watsonx', 'watsonx-error-model-not-supported.json'),
    );
    assert.deepStrictEqual(
      [embeddings, error.facts.errorType],
      [
        {
          chunks: 0,
          facts: {
            complete: true,
            responseModel: 'ibm/slate-30m-english-rtrvr',
            usage: { inputTokens: 6 },
            embeddingsDimension: 4,
          },
        },
        'model_not_supported',
      ],
    );
  });
});
