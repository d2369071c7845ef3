import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchProvider } from '../../../src/providers/registry.js';
import { NO_CONTENT, WITH_CONTENT } from '../parse-helpers.js';

function exchange(url: string, method = 'POST') {
  const found = matchProvider(
    method,
    new URL(url),
    {},
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(found);
  return found;
}

const chatBody = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'developer', content: 'Answer in French.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this image?' },
        {
          type: 'image_url',
          image_url: { url: 'https://example.com/cat.png' },
        },
        {
          type: 'image_url',
          image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' },
        },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'lookup', arguments: '{"q":"cat"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"found":true}' },
  ],
  temperature: 0.2,
  top_p: 0.9,
  max_completion_tokens: 256,
  max_tokens: 999,
  frequency_penalty: 0.5,
  presence_penalty: -0.5,
  stop: '\n\n',
  seed: 42,
  n: 2,
  stream: true,
  stream_options: { include_usage: true },
  response_format: {
    type: 'json_schema',
    json_schema: { name: 'x', schema: {} },
  },
  reasoning_effort: 'low',
  service_tier: 'flex',
  top_logprobs: 3,
  tools: [
    {
      type: 'function',
      function: { name: 'lookup', description: 'd', parameters: {} },
    },
  ],
};

void describe('OpenAI request facts', () => {
  void it('reads every chat parameter, and no content when capture is off', () => {
    const { module, match } = exchange(
      'https://api.openai.com/v1/chat/completions',
    );
    assert.deepStrictEqual(
      module.parseRequest(match, JSON.stringify(chatBody), NO_CONTENT),
      {
        model: 'gpt-4o-mini',
        stream: true,
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 256,
        frequencyPenalty: 0.5,
        presencePenalty: -0.5,
        stopSequences: ['\n\n'],
        seed: 42,
        choiceCount: 2,
        outputType: 'json',
        reasoningLevel: 'low',
        serviceTier: 'flex',
      },
    );
  });

  void it('maps chat messages and tools to the semconv shapes when capture is on', () => {
    const { module, match } = exchange(
      'https://api.openai.com/v1/chat/completions',
    );
    const bytes = new TextEncoder().encode(JSON.stringify(chatBody));
    const facts = module.parseRequest(match, bytes, WITH_CONTENT);
    assert.deepStrictEqual(facts?.inputMessages, [
      {
        role: 'developer',
        parts: [{ type: 'text', content: 'Answer in French.' }],
      },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is in this image?' },
          {
            type: 'uri',
            modality: 'image',
            uri: 'https://example.com/cat.png',
          },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: 'iVBORw0KGgo=',
          },
        ],
      },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_1',
            name: 'lookup',
            arguments: { q: 'cat' },
          },
        ],
      },
      {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: 'call_1',
            response: '{"found":true}',
          },
        ],
      },
    ]);
    assert.deepStrictEqual(facts?.toolDefinitions, [
      { type: 'function', name: 'lookup' },
    ]);
    assert.equal(facts?.systemInstructions, undefined);
  });

  void it('takes the Azure deployment from the URL as the model', () => {
    const { module, match } = exchange(
      'https://contoso.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21',
    );
    const body = JSON.stringify({
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 10,
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'gpt4o-prod',
      maxTokens: 10,
    });
  });

  void it('reads Mistral random_seed as the seed', () => {
    const { module, match } = exchange(
      'https://api.mistral.ai/v1/chat/completions',
    );
    const body = JSON.stringify({
      model: 'mistral-large-latest',
      messages: [{ role: 'user', content: 'hi' }],
      random_seed: 7,
      safe_prompt: false,
    });
    assert.deepStrictEqual(module.parseRequest(match, body, NO_CONTENT), {
      model: 'mistral-large-latest',
      seed: 7,
    });
  });

  void it('confirms an unknown host only when the body has the expected shape', () => {
    const { module, match } = exchange(
      'http://localhost:8000/v1/chat/completions',
    );
    assert.equal(match.confirmByBody, true);
    const ok = JSON.stringify({
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages: [],
      top_k: 40,
    });
    assert.deepStrictEqual(module.parseRequest(match, ok, NO_CONTENT), {
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      topK: 40,
    });
    assert.equal(
      module.parseRequest(match, '{"model":"x","items":[]}', NO_CONTENT),
      undefined,
    );
    assert.equal(module.parseRequest(match, 'not json', NO_CONTENT), undefined);
    assert.equal(module.parseRequest(match, '[1,2]', NO_CONTENT), undefined);
    assert.equal(module.parseRequest(match, undefined, NO_CONTENT), undefined);
    // Shape right but no model: facts without a model, so the recorder skips it.
    assert.deepStrictEqual(
      module.parseRequest(match, '{"messages":[]}', NO_CONTENT),
      {},
    );
  });

  void it('reads legacy completions prompts', () => {
    const { module, match } = exchange('https://api.openai.com/v1/completions');
    const body = JSON.stringify({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say this is a test',
      max_tokens: 7,
      stop: ['\n', 'END'],
    });
    assert.deepStrictEqual(module.parseRequest(match, body, WITH_CONTENT), {
      model: 'gpt-3.5-turbo-instruct',
      maxTokens: 7,
      stopSequences: ['\n', 'END'],
      inputMessages: [
        {
          role: 'user',
          parts: [{ type: 'text', content: 'Say this is a test' }],
        },
      ],
    });
  });

  void it('reads Responses API parameters, instructions and items', () => {
    const { module, match } = exchange('https://api.openai.com/v1/responses');
    const body = JSON.stringify({
      model: 'o4-mini',
      instructions: 'You are a terse assistant.',
      input: [
        {
          role: 'user',
          content: [{ type: 'input_text', text: 'Weather in Paris?' }],
        },
        {
          type: 'function_call',
          call_id: 'call_9',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        { type: 'function_call_output', call_id: 'call_9', output: '18C' },
      ],
      max_output_tokens: 500,
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { format: { type: 'json_object' } },
      previous_response_id: 'resp_prev',
      conversation: { id: 'conv_123' },
      tools: [
        { type: 'function', name: 'get_weather', parameters: {} },
        { type: 'web_search' },
      ],
      stream: true,
      store: true,
    });
    assert.deepStrictEqual(module.parseRequest(match, body, WITH_CONTENT), {
      model: 'o4-mini',
      stream: true,
      maxTokens: 500,
      reasoningLevel: 'medium',
      outputType: 'json',
      previousResponseId: 'resp_prev',
      conversationId: 'conv_123',
      inputMessages: [
        {
          role: 'user',
          parts: [{ type: 'text', content: 'Weather in Paris?' }],
        },
        {
          role: 'assistant',
          parts: [
            {
              type: 'tool_call',
              id: 'call_9',
              name: 'get_weather',
              arguments: { city: 'Paris' },
            },
          ],
        },
        {
          role: 'tool',
          parts: [
            { type: 'tool_call_response', id: 'call_9', response: '18C' },
          ],
        },
      ],
      systemInstructions: [
        { type: 'text', content: 'You are a terse assistant.' },
      ],
      toolDefinitions: [
        { type: 'function', name: 'get_weather' },
        { type: 'web_search', name: 'web_search' },
      ],
    });
  });

  void it('reads a plain string Responses input as one user message', () => {
    const { module, match } = exchange('https://api.openai.com/v1/responses');
    const facts = module.parseRequest(
      match,
      '{"model":"gpt-5","input":"Hi"}',
      WITH_CONTENT,
    );
    assert.deepStrictEqual(facts, {
      model: 'gpt-5',
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      ],
    });
  });
});
