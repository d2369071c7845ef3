// OCI Generative AI inference. The *-request.json fixtures are the bodies the
// real oci-generativeaiinference client (2.142.0) sent to a loopback server;
// the responses are what that client accepted in return (the stream it hands
// to the app as is).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ociProvider } from '../../../src/providers/oci/oci-provider.js';
import type {
  ProviderMatch,
  RequestFacts,
} from '../../../src/providers/types.js';
import {
  JSON_BODY,
  NO_CONTENT,
  WITH_CONTENT,
  feed,
  fixture,
  fixtureText,
  meta,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

const ORIGIN =
  'https://inference.generativeai.us-chicago-1.oci.oraclecloud.com';
/** The SDK compares the content type with exactly this. */
const SSE = meta('text/event-stream');

function matched(url: string, method = 'POST'): ProviderMatch | undefined {
  return ociProvider.match(
    method,
    new URL(url),
    {},
    {
      openAICompatibleBaseUrls: [],
    },
  );
}

function exchange(action: string, request: RequestFacts = {}): Exchange {
  const match = matched(`${ORIGIN}/20231130/actions/${action}`);
  assert.ok(match);
  return { module: ociProvider, match, request };
}

function parseRecorded(action: string, name: string, withContent = false) {
  const { match } = exchange(action);
  return ociProvider.parseRequest(
    match,
    fixture('oci', name),
    withContent ? WITH_CONTENT : NO_CONTENT,
  );
}

const LLAMA = 'meta.llama-3.3-70b-instruct';
const COMMAND_R = 'cohere.command-r-08-2024';
const PARIS = 'The capital of France is Paris.';

const CHAT = {
  provider: 'oracle_cloud.generative_ai',
  operation: 'chat',
  api: 'oci.chat',
  confirmByBody: false,
};
const EMBED = { ...CHAT, operation: 'embeddings', api: 'oci.embed' };
const GENERATE = {
  ...CHAT,
  operation: 'text_completion',
  api: 'oci.generate',
};

void describe('OCI Generative AI: matching', () => {
  void it('matches chat, embedText and generateText on the inference hosts of every realm the SDK knows', () => {
    const hosts = [
      ORIGIN,
      'https://inference.generativeai.us-chicago-1.ds.oci.oraclecloud.com',
      'https://inference.generativeai.us-langley-1.oci.oraclegovcloud.com',
      'https://inference.generativeai.uk-gov-london-1.oci.oraclegovcloud.uk',
      'https://inference.generativeai.eu-madrid-2.oci.oraclecloud.eu',
      'https://inference.generativeai.ap-dcc-canberra-1.oci.oraclecloud14.com',
    ];
    assert.deepStrictEqual(
      hosts.map(host => [
        matched(`${host}/20231130/actions/chat`),
        matched(`${host}/20231130/actions/embedText`),
        matched(`${host}/20231130/actions/generateText`),
      ]),
      hosts.map(() => [CHAT, EMBED, GENERATE]),
    );
  });

  void it('matches the same paths elsewhere only to be confirmed by the body; nothing else', () => {
    assert.deepStrictEqual(
      [
        matched('http://127.0.0.1:8080/20231130/actions/chat'),
        matched('https://llm-proxy.example/oci/20231130/actions/embedText'),
        // A dotted region id: https://{service}.{region id}.
        matched(
          'https://inference.generativeai.us-foo-1.oraclecloud99.com/20231130/actions/generateText',
        ),
        matched(`${ORIGIN}.evil.example/20231130/actions/chat`),
        matched(`${ORIGIN}/20231130/actions/summarizeText`),
        matched(`${ORIGIN}/20231130/actions/rerankText`),
        matched(`${ORIGIN}/20231130/actions/applyGuardrails`),
        matched(`${ORIGIN}/20231130/guardrailVersions`, 'GET'),
        matched(`${ORIGIN}/20231130/actions/chat`, 'GET'),
        matched(`${ORIGIN}/actions/chat`),
        matched(`${ORIGIN}/20231130/actions/chat/extra`),
      ],
      [
        { ...CHAT, confirmByBody: true },
        { ...EMBED, confirmByBody: true },
        { ...GENERATE, confirmByBody: true },
        { ...CHAT, confirmByBody: true },
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ],
    );
  });
});

void describe('OCI Generative AI: requests the SDK sent', () => {
  void it('reads servingMode and the sampling fields of every apiFormat', () => {
    assert.deepStrictEqual(
      [
        parseRecorded('chat', 'oci-chat-generic-request.json'),
        parseRecorded('chat', 'oci-chat-generic-tools-request.json'),
        parseRecorded('chat', 'oci-chat-cohere-request.json'),
        parseRecorded('chat', 'oci-chat-coherev2-request.json'),
        parseRecorded('chat', 'oci-chat-dedicated-request.json'),
        parseRecorded('chat', 'oci-chat-generic-stream-request.json'),
        parseRecorded('chat', 'oci-chat-cohere-stream-request.json'),
        parseRecorded('embedText', 'oci-embed-request.json'),
        parseRecorded('generateText', 'oci-generate-cohere-request.json'),
        parseRecorded('generateText', 'oci-generate-llama-request.json'),
      ],
      [
        {
          model: LLAMA,
          temperature: 0.2,
          topP: 0.9,
          topK: 40,
          maxTokens: 100,
          frequencyPenalty: 0.1,
          presencePenalty: 0.2,
          stopSequences: ['\n\n'],
          seed: 7,
          choiceCount: 1,
        },
        {
          model: 'xai.grok-3',
          maxTokens: 300,
          outputType: 'json',
          reasoningLevel: 'LOW',
        },
        {
          model: COMMAND_R,
          temperature: 0.3,
          topP: 0.75,
          topK: 10,
          maxTokens: 100,
          frequencyPenalty: 0,
          presencePenalty: 0,
          stopSequences: ['END'],
          seed: 3,
        },
        { model: 'cohere.command-a-03-2025', temperature: 0, maxTokens: 50 },
        {
          model:
            'ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaaexampleendpoint',
        },
        { model: LLAMA, stream: true, maxTokens: 100 },
        { model: COMMAND_R, stream: true, maxTokens: 100 },
        { model: 'cohere.embed-english-v3.0', encodingFormats: ['float'] },
        {
          model: 'cohere.command',
          temperature: 0.5,
          maxTokens: 20,
          stopSequences: ['.'],
          choiceCount: 2,
        },
        {
          model: 'meta.llama-2-70b-chat',
          topP: 0.9,
          maxTokens: 20,
          stopSequences: ['\n'],
        },
      ],
    );
  });

  void it('captures GENERIC messages: system, tool calls, tool answers, images, tools', () => {
    const facts = parseRecorded(
      'chat',
      'oci-chat-generic-tools-request.json',
      true,
    );
    assert.deepStrictEqual(facts, {
      model: 'xai.grok-3',
      maxTokens: 300,
      outputType: 'json',
      reasoningLevel: 'LOW',
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
              id: 'call_1',
              name: 'get_weather',
              arguments: { city: 'Lyon' },
            },
          ],
        },
        {
          role: 'tool',
          parts: [
            {
              type: 'tool_call_response',
              id: 'call_1',
              response: '{"temp":18}',
            },
          ],
        },
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'And this picture?' },
            {
              type: 'blob',
              modality: 'image',
              mime_type: 'image/png',
              content: 'iVBORw0KGgo=',
            },
          ],
        },
      ],
      toolDefinitions: [{ type: 'function', name: 'get_weather' }],
    });
    assert.deepStrictEqual(
      parseRecorded('chat', 'oci-chat-generic-request.json', true)
        ?.inputMessages,
      [
        {
          role: 'system',
          parts: [{ type: 'text', content: 'Answer in one sentence.' }],
        },
        {
          role: 'user',
          parts: [{ type: 'text', content: 'What is the capital of France?' }],
        },
      ],
    );
  });

  void it('captures COHERE history with the preamble as system instructions, and COHEREV2 messages', () => {
    const cohere = parseRecorded('chat', 'oci-chat-cohere-request.json', true);
    const v2 = parseRecorded('chat', 'oci-chat-coherev2-request.json', true);
    assert.deepStrictEqual(
      [
        cohere?.inputMessages,
        cohere?.systemInstructions,
        v2?.inputMessages,
        v2?.systemInstructions,
      ],
      [
        [
          { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'Hello! How can I help?' }],
          },
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'What is the capital of France?' },
            ],
          },
        ],
        [{ type: 'text', content: 'Answer in one sentence.' }],
        [
          { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'What is the capital of France?' },
            ],
          },
        ],
        undefined,
      ],
    );
  });

  void it('captures COHERE tool calls and results, and COHEREV2 tool calls and tools', () => {
    const { match } = exchange('chat');
    const cohere = ociProvider.parseRequest(
      match,
      JSON.stringify({
        compartmentId: 'c',
        servingMode: { servingType: 'ON_DEMAND', modelId: COMMAND_R },
        chatRequest: {
          apiFormat: 'COHERE',
          message: '',
          chatHistory: [
            { role: 'USER', message: 'Weather in Paris?' },
            {
              role: 'CHATBOT',
              toolCalls: [{ name: 'get_weather', parameters: { city: 'P' } }],
            },
          ],
          toolResults: [
            {
              call: { name: 'get_weather', parameters: { city: 'P' } },
              outputs: [{ temp: 18 }],
            },
          ],
          tools: [{ name: 'get_weather', description: 'Weather' }],
        },
      }),
      WITH_CONTENT,
    );
    const v2 = ociProvider.parseRequest(
      match,
      JSON.stringify({
        compartmentId: 'c',
        servingMode: { servingType: 'ON_DEMAND', modelId: 'cohere.command-a' },
        chatRequest: {
          apiFormat: 'COHEREV2',
          messages: [
            {
              role: 'ASSISTANT',
              toolPlan: 'I will look it up.',
              toolCalls: [
                {
                  id: 'tc_1',
                  type: 'FUNCTION',
                  function: { name: 'get_weather', arguments: '{"city":"P"}' },
                },
              ],
            },
            {
              role: 'TOOL',
              toolCallId: 'tc_1',
              content: [{ type: 'DOCUMENT', document: { temp: 18 } }],
            },
          ],
          tools: [{ type: 'FUNCTION', function: { name: 'get_weather' } }],
          responseFormat: { type: 'TEXT' },
        },
      }),
      WITH_CONTENT,
    );
    assert.deepStrictEqual(
      [cohere, v2],
      [
        {
          model: COMMAND_R,
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
                  name: 'get_weather',
                  arguments: { city: 'P' },
                },
              ],
            },
            {
              role: 'tool',
              parts: [{ type: 'tool_call_response', response: [{ temp: 18 }] }],
            },
          ],
          toolDefinitions: [{ type: 'function', name: 'get_weather' }],
        },
        {
          model: 'cohere.command-a',
          outputType: 'text',
          inputMessages: [
            {
              role: 'assistant',
              parts: [
                { type: 'reasoning', content: 'I will look it up.' },
                {
                  type: 'tool_call',
                  id: 'tc_1',
                  name: 'get_weather',
                  arguments: { city: 'P' },
                },
              ],
            },
            {
              role: 'tool',
              parts: [
                {
                  type: 'tool_call_response',
                  id: 'tc_1',
                  response: [{ type: 'DOCUMENT', document: { temp: 18 } }],
                },
              ],
            },
          ],
          toolDefinitions: [{ type: 'function', name: 'get_weather' }],
        },
      ],
    );
  });

  void it('on another host, takes only a body of the OCI shape', () => {
    const on = (action: string, body: unknown) => {
      const match = matched(`http://127.0.0.1:8080/20231130/actions/${action}`);
      assert.ok(match);
      return ociProvider.parseRequest(match, JSON.stringify(body), NO_CONTENT);
    };
    const serving = { servingType: 'ON_DEMAND', modelId: 'm' };
    assert.deepStrictEqual(
      [
        on('chat', { servingMode: serving, chatRequest: { isStream: true } }),
        on('chat', { model: 'gpt-4o', messages: [] }),
        on('chat', { servingMode: serving }),
        on('embedText', { servingMode: serving, inputs: ['a'] }),
        on('embedText', { servingMode: serving, input: 'a' }),
        on('generateText', {
          servingMode: serving,
          inferenceRequest: { prompt: 'p' },
        }),
        on('generateText', { servingMode: serving, prompt: 'p' }),
      ],
      [
        { model: 'm', stream: true },
        undefined,
        undefined,
        { model: 'm' },
        undefined,
        { model: 'm' },
        undefined,
      ],
    );
  });

  void it('on an OCI host, an unreadable body still counts, without facts', () => {
    const { match } = exchange('chat');
    assert.deepStrictEqual(
      [
        ociProvider.parseRequest(match, undefined, NO_CONTENT),
        ociProvider.parseRequest(match, '{"servingMode":', NO_CONTENT),
        ociProvider.parseRequest(match, '[1,2]', WITH_CONTENT),
      ],
      [{}, {}, {}],
    );
  });
});

void describe('OCI Generative AI: chat answers', () => {
  void it('reads a GENERIC answer: modelId, finish reason, usage', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('chat', { model: LLAMA }),
        JSON_BODY,
        WITH_CONTENT,
      ),
      fixture('oci', 'oci-chat-generic.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseModel: LLAMA,
        usage: { inputTokens: 27, outputTokens: 8 },
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: PARIS }],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reads cached and reasoning tokens, reasoning content and a tool call', () => {
    const got = parseAllSplits(
      responseParser(exchange('chat'), JSON_BODY, WITH_CONTENT),
      fixture('oci', 'oci-chat-generic-tool-call.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseModel: 'xai.grok-3',
        usage: {
          inputTokens: 312,
          outputTokens: 41,
          cacheReadInputTokens: 256,
          reasoningOutputTokens: 24,
        },
        finishReasons: ['tool_calls'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'reasoning',
                content: 'The user wants the weather in Paris.',
              },
              {
                type: 'tool_call',
                id: 'call_63dc9a2e',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
            finish_reason: 'tool_calls',
          },
        ],
      },
    });
  });

  void it('reads COHERE and COHEREV2 answers', () => {
    const cohere = parseAllSplits(
      responseParser(exchange('chat'), JSON_BODY, WITH_CONTENT),
      fixture('oci', 'oci-chat-cohere.json'),
    );
    const v2 = parseAllSplits(
      responseParser(exchange('chat'), JSON_BODY, WITH_CONTENT),
      fixture('oci', 'oci-chat-coherev2.json'),
    );
    assert.deepStrictEqual(
      [cohere, v2],
      [
        {
          chunks: 0,
          facts: {
            complete: true,
            responseModel: COMMAND_R,
            usage: { inputTokens: 212, outputTokens: 8 },
            finishReasons: ['COMPLETE'],
            outputMessages: [
              {
                role: 'assistant',
                parts: [{ type: 'text', content: PARIS }],
                finish_reason: 'COMPLETE',
              },
            ],
          },
        },
        {
          chunks: 0,
          facts: {
            complete: true,
            responseModel: 'cohere.command-a-03-2025',
            usage: { inputTokens: 20, outputTokens: 3 },
            responseId: '9f5e2c3a-7a4b-4f63-9a54-2d8c1f0e6b11',
            finishReasons: ['COMPLETE'],
            outputMessages: [
              {
                role: 'assistant',
                parts: [{ type: 'text', content: 'Paris.' }],
                finish_reason: 'COMPLETE',
              },
            ],
          },
        },
      ],
    );
  });

  void it('reads two GENERIC choices, and a COHERE finish reason ERROR as an error', () => {
    const body = (chatResponse: unknown) =>
      new TextEncoder().encode(JSON.stringify({ modelId: 'm', chatResponse }));
    const two = parseAllSplits(
      responseParser(exchange('chat'), JSON_BODY),
      body({
        apiFormat: 'GENERIC',
        choices: [
          { index: 1, message: { role: 'ASSISTANT' }, finishReason: 'length' },
          { index: 0, message: { role: 'ASSISTANT' }, finishReason: 'stop' },
        ],
      }),
    );
    const failed = parseAllSplits(
      responseParser(exchange('chat'), JSON_BODY),
      body({
        apiFormat: 'COHERE',
        text: '',
        finishReason: 'ERROR',
        errorMessage: 'internal',
      }),
    );
    assert.deepStrictEqual(
      [two.facts, failed.facts],
      [
        {
          complete: true,
          responseModel: 'm',
          finishReasons: ['stop', 'length'],
        },
        {
          complete: true,
          responseModel: 'm',
          finishReasons: ['ERROR'],
          errorType: '_OTHER',
        },
      ],
    );
  });

  void it('marks a 200 body that is not its JSON malformed; a cut one only incomplete', () => {
    const make = responseParser(exchange('chat'), JSON_BODY, WITH_CONTENT);
    const body = fixture('oci', 'oci-chat-generic-malformed.json');
    assert.deepStrictEqual(
      [
        parseAllSplits(make, body),
        parseAllSplits(make, body, true),
        parseAllSplits(make, new TextEncoder().encode('<html>login</html>')),
      ],
      [
        { chunks: 0, facts: { complete: false, malformed: true } },
        { chunks: 0, facts: { complete: false } },
        { chunks: 0, facts: { complete: false, malformed: true } },
      ],
    );
  });

  void it('reads a body over the threshold from its two ends', () => {
    const text = 'Paris. '.repeat(200_000);
    const body = new TextEncoder().encode(
      JSON.stringify({
        modelId: LLAMA,
        modelVersion: '1.0.0',
        chatResponse: {
          apiFormat: 'GENERIC',
          choices: [
            {
              index: 0,
              message: { role: 'ASSISTANT', content: [{ type: 'TEXT', text }] },
              finishReason: 'length',
            },
          ],
          usage: { promptTokens: 9, completionTokens: 4096, totalTokens: 4105 },
        },
      }),
    );
    const make = responseParser(exchange('chat'), JSON_BODY, WITH_CONTENT);
    assert.deepStrictEqual(feed(make(), [body]), {
      chunks: 0,
      facts: {
        complete: true,
        responseModel: LLAMA,
        usage: { inputTokens: 9, outputTokens: 4096 },
        finishReasons: ['length'],
      },
    });
  });
});

void describe('OCI Generative AI: chat streams', () => {
  const streamed = { model: LLAMA, stream: true };

  void it('reads a GENERIC stream: one chunk per text delta, usage from the event after the finish', () => {
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE, WITH_CONTENT),
      fixture('oci', 'oci-chat-generic-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseModel: LLAMA,
        usage: {
          inputTokens: 16,
          outputTokens: 8,
          cacheReadInputTokens: 0,
          reasoningOutputTokens: 0,
        },
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: PARIS }],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reads a COHERE stream: the last event repeats the text, not a delta', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('chat', { model: COMMAND_R, stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('oci', 'oci-chat-cohere-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseModel: COMMAND_R,
        usage: { inputTokens: 71, outputTokens: 8 },
        finishReasons: ['COMPLETE'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: PARIS }],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    });
  });

  void it('reads a COHEREV2 stream with thinking', () => {
    const model = 'cohere.command-a-reasoning-08-2025';
    const got = parseAllSplits(
      responseParser(
        exchange('chat', { model, stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('oci', 'oci-chat-coherev2-stream.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseModel: model,
        usage: { inputTokens: 20, outputTokens: 9 },
        finishReasons: ['COMPLETE'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'reasoning', content: 'Capital question.' },
              { type: 'text', content: 'Paris.' },
            ],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    });
  });

  void it('assembles streamed tool call fragments: a new id starts a call', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('chat', { model: 'xai.grok-3', stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      fixture('oci', 'oci-chat-generic-stream-tool-calls.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: true,
        responseModel: 'xai.grok-3',
        usage: {
          inputTokens: 118,
          outputTokens: 31,
          cacheReadInputTokens: 64,
          reasoningOutputTokens: 12,
        },
        finishReasons: ['tool_calls'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_63dc9a2e',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
              {
                type: 'tool_call',
                id: 'call_8b1f2c07',
                name: 'get_time',
                arguments: { tz: 'CET' },
              },
            ],
            finish_reason: 'tool_calls',
          },
        ],
      },
    });
  });

  void it('reads events separated by a single newline like the others', () => {
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE, WITH_CONTENT),
      fixture('oci', 'oci-chat-generic-stream-single-newline.sse'),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseModel: LLAMA,
        finishReasons: ['stop'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: PARIS }],
            finish_reason: 'stop',
          },
        ],
      },
    });
  });

  void it('reports a stream cut before the finish event as incomplete, its choice as error', () => {
    const whole = fixture('oci', 'oci-chat-generic-stream.sse');
    const text = fixtureText('oci', 'oci-chat-generic-stream.sse');
    const cutAt = text.indexOf(
      'data: {"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":""}]},"finishReason"',
    );
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE, WITH_CONTENT),
      whole.subarray(0, cutAt),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: false,
        responseModel: LLAMA,
        finishReasons: ['error'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: PARIS }],
            finish_reason: 'error',
          },
        ],
      },
    });
  });

  void it('is complete at the finish event: the service may hold the connection open after it', () => {
    const whole = fixture('oci', 'oci-chat-generic-stream.sse');
    const cutAt = fixtureText('oci', 'oci-chat-generic-stream.sse').indexOf(
      'data: {"usage"',
    );
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE),
      whole.subarray(0, cutAt),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: { complete: true, responseModel: LLAMA, finishReasons: ['stop'] },
    });
  });

  void it('marks a garbled event malformed and reads the rest; takes [DONE] if sent', () => {
    const events = [
      'data: {"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Par"}]}}',
      'data: {"index":0,"message":{"role":"ASS',
      'data: {"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"is"}]}}',
      ': keep-alive',
      'data: [DONE]',
      '',
    ].join('\n\n');
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE, WITH_CONTENT),
      new TextEncoder().encode(events),
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: true,
        responseModel: LLAMA,
        malformed: true,
        outputMessages: [
          { role: 'assistant', parts: [{ type: 'text', content: 'Paris' }] },
        ],
      },
    });
  });

  void it('takes the code of an error event in the stream', () => {
    const events = [
      'data: {"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Par"}]}}',
      'data: {"code":"InternalServerError","message":"Model failed."}',
      '',
    ].join('\n\n');
    const got = parseAllSplits(
      responseParser(exchange('chat', streamed), SSE),
      new TextEncoder().encode(events),
      true,
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseModel: LLAMA,
        errorType: 'InternalServerError',
        finishReasons: ['error'],
      },
    });
  });

  void it('reads a stream request answered without a content type as a stream', () => {
    const parser = ociProvider.createResponseParser(
      exchange('chat').match,
      streamed,
      { status: 200, headers: {} },
      NO_CONTENT,
    );
    assert.deepStrictEqual(
      feed(parser, [fixture('oci', 'oci-chat-generic-stream.sse')]),
      {
        chunks: 3,
        facts: {
          complete: true,
          responseModel: LLAMA,
          usage: {
            inputTokens: 16,
            outputTokens: 8,
            cacheReadInputTokens: 0,
            reasoningOutputTokens: 0,
          },
          finishReasons: ['stop'],
        },
      },
    );
    assert.equal(
      ociProvider
        .createResponseParser(exchange('chat').match, streamed, SSE, NO_CONTENT)
        .responseModel?.(),
      LLAMA,
    );
  });
});

void describe('OCI Generative AI: errors', () => {
  const cases: [string, number, string][] = [
    ['oci-error-404.json', 404, 'NotAuthorizedOrNotFound'],
    ['oci-error-429.json', 429, 'TooManyRequests'],
  ];
  for (const [name, status, errorType] of cases) {
    void it(`reads ${errorType} from the code of ${name}`, () => {
      const got = parseAllSplits(
        responseParser(
          exchange('chat', { model: LLAMA, stream: true }),
          meta('application/json', status),
        ),
        fixture('oci', name),
      );
      assert.deepStrictEqual(got, {
        chunks: 0,
        facts: { complete: true, errorType },
      });
    });
  }

  void it('reports a cut error body as incomplete, an HTML one without a code', () => {
    const make = responseParser(
      exchange('embedText'),
      meta('application/json', 500),
    );
    assert.deepStrictEqual(
      [
        parseAllSplits(
          make,
          new TextEncoder().encode('{"code":"InternalServerErr'),
          true,
        ).facts,
        parseAllSplits(make, new TextEncoder().encode('<html>502</html>'))
          .facts,
      ],
      [{ complete: false }, { complete: true }],
    );
  });
});

void describe('OCI Generative AI: embedText and generateText', () => {
  void it('reads embeddings: id, model, input tokens, dimension', () => {
    const got = parseAllSplits(
      responseParser(exchange('embedText'), JSON_BODY),
      fixture('oci', 'oci-embed.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: '3c6b1e0f-9a2d-4b7e-8f51-6d2c0a9e4b73',
        responseModel: 'cohere.embed-english-v3.0',
        usage: { inputTokens: 5 },
        embeddingsDimension: 5,
      },
    });
  });

  void it('reads embeddings by type, per-input token counts, and a body over the threshold', () => {
    const make = responseParser(exchange('embedText'), JSON_BODY);
    const byType = parseAllSplits(
      make,
      new TextEncoder().encode(
        JSON.stringify({
          id: 'e-1',
          embeddings: [],
          embeddingsByType: { float: [[0.1, 0.2, 0.3]] },
          modelId: 'cohere.embed-v4.0',
          inputTextTokenCounts: [3, 4],
        }),
      ),
    );
    const vector = Array.from({ length: 1024 }, (_, i) => i / 1024);
    const large = new TextEncoder().encode(
      JSON.stringify({
        id: 'e-2',
        embeddings: Array.from({ length: 96 }, () => vector),
        modelId: 'cohere.embed-english-v3.0',
        modelVersion: '3.0',
        usage: { promptTokens: 960, totalTokens: 960 },
      }),
    );
    assert.deepStrictEqual(
      [byType.facts, feed(make(), [large]).facts],
      [
        {
          complete: true,
          responseId: 'e-1',
          responseModel: 'cohere.embed-v4.0',
          usage: { inputTokens: 7 },
          embeddingsDimension: 3,
        },
        {
          complete: true,
          responseId: 'e-2',
          responseModel: 'cohere.embed-english-v3.0',
          usage: { inputTokens: 960 },
          embeddingsDimension: 1024,
        },
      ],
    );
  });

  void it('reads generateText answers of both runtimes, one message per generation', () => {
    const make = responseParser(
      exchange('generateText'),
      JSON_BODY,
      WITH_CONTENT,
    );
    assert.deepStrictEqual(
      [
        parseAllSplits(make, fixture('oci', 'oci-generate-cohere.json')),
        parseAllSplits(make, fixture('oci', 'oci-generate-llama.json')),
      ],
      [
        {
          chunks: 0,
          facts: {
            complete: true,
            responseModel: 'cohere.command',
            finishReasons: ['COMPLETE', 'MAX_TOKENS'],
            outputMessages: [
              {
                role: 'assistant',
                parts: [{ type: 'text', content: ' Paris' }],
                finish_reason: 'COMPLETE',
              },
              {
                role: 'assistant',
                parts: [{ type: 'text', content: ' Paris, France' }],
                finish_reason: 'MAX_TOKENS',
              },
            ],
          },
        },
        {
          chunks: 0,
          facts: {
            complete: true,
            responseModel: 'meta.llama-2-70b-chat',
            finishReasons: ['stop'],
            outputMessages: [
              {
                role: 'assistant',
                parts: [{ type: 'text', content: ` ${PARIS}` }],
                finish_reason: 'stop',
              },
            ],
          },
        },
      ],
    );
  });

  void it('reads a generateText stream of text deltas', () => {
    const events = [
      'data: {"index":0,"text":" Paris","pad":"aaa"}',
      'data: {"index":0,"text":", France","pad":"aaaaaa"}',
      'data: {"index":0,"text":".","finishReason":"COMPLETE","pad":"a"}',
      '',
    ].join('\n\n');
    const got = parseAllSplits(
      responseParser(
        exchange('generateText', { model: 'cohere.command', stream: true }),
        SSE,
        WITH_CONTENT,
      ),
      new TextEncoder().encode(events),
    );
    assert.deepStrictEqual(got, {
      chunks: 3,
      facts: {
        complete: true,
        responseModel: 'cohere.command',
        finishReasons: ['COMPLETE'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: ' Paris, France.' }],
            finish_reason: 'COMPLETE',
          },
        ],
      },
    });
  });
});

void describe('OCI Generative AI: odd input', () => {
  void it('matches odd URLs and methods without throwing', () => {
    for (const [method, url] of [
      ['post', `${ORIGIN}/20231130/actions/chat`],
      ['POST', 'http://[::1]:8080/20231130/actions/chat'],
      ['POST', `${ORIGIN}/20231130/actions/%E0%A4%A`],
      ['CONNECT', `${ORIGIN}:443/20231130/actions/chat`],
      ['POST', 'file:///20231130/actions/chat'],
      ['POST', 'data:text/plain,/20231130/actions/chat'],
    ] as const) {
      matched(url, method);
    }
    assert.deepStrictEqual(
      [
        matched(`${ORIGIN}/20231130/actions/chat`, 'post'),
        matched('http://[::1]:8080/20231130/actions/chat'),
      ],
      [undefined, { ...CHAT, confirmByBody: true }],
    );
  });
});
