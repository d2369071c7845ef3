import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as common from 'oci-common';
import {
  GenerativeAiInferenceClient,
  type models,
} from 'oci-generativeaiinference';
import {
  expectedPieces,
  expectedText,
  expectedUsage,
  ociCohereInputTokens,
  ociCohereUsage,
  ociUsage,
  requestId,
  startMockLlm,
  type MockLlm,
} from '../../src/index.js';

const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaexamplecompartment';
const LLAMA = 'meta.llama-3.3-70b-instruct';
const COMMAND_R = 'cohere.command-r-08-2024';
const COMMAND_A = 'cohere.command-a-03-2025';
const CREATED = '2026-01-01T00:00:00.000Z';
/** The SDK's retries off: one attempt, the error thrown as is. */
const NO_RETRY = { retryConfiguration: common.NoRetryConfigurationDetails };

function onDemand(modelId: string): models.OnDemandServingMode {
  return { servingType: 'ON_DEMAND', modelId };
}

function textContent(text: string): models.TextContent {
  return { type: 'TEXT', text };
}

function userText(text: string): models.UserMessage {
  return { role: 'USER', content: [textContent(text)] };
}

function generic(
  modelId: string,
  chat: Partial<models.GenericChatRequest> = {},
): models.ChatDetails {
  const chatRequest: models.GenericChatRequest = {
    apiFormat: 'GENERIC',
    messages: [userText('Say hello to the world')],
    ...chat,
  };
  return {
    compartmentId: COMPARTMENT,
    servingMode: onDemand(modelId),
    chatRequest,
  };
}

/** The SDK's deserializers add absent model fields as undefined: drop them. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Every `data:` event of an SSE body, parsed. */
function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter(block => block.trim() !== '')
    .map(block => {
      assert.ok(block.startsWith('data: '), block);
      return JSON.parse(block.slice(6)) as Record<string, unknown>;
    });
}

/** Reads the web stream the SDK hands back to its end. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream)
    text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function asStream(value: unknown): ReadableStream<Uint8Array> {
  assert.ok(value instanceof ReadableStream, 'the SDK returns a stream');
  return value as ReadableStream<Uint8Array>;
}

/** The parts of an OciError the tests compare. */
function ociErrorOf(err: unknown): [number, string, string] {
  assert.ok(err instanceof Error);
  const e = err as Error & {
    statusCode: number;
    serviceCode: string;
    opcRequestId: string;
  };
  return [e.statusCode, e.serviceCode, e.message];
}

void describe('OCI Generative AI inference with the real oci-generativeaiinference client', () => {
  let mock: MockLlm;
  let client: GenerativeAiInferenceClient;
  before(async () => {
    mock = await startMockLlm();
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const provider = new common.SimpleAuthenticationDetailsProvider(
      'ocid1.tenancy.oc1..aaaaaaaaexampletenancy',
      'ocid1.user.oc1..aaaaaaaaexampleuser',
      '20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34',
      privateKey,
      null,
      common.Region.US_CHICAGO_1,
    );
    client = new GenerativeAiInferenceClient({
      authenticationDetailsProvider: provider,
    });
    client.endpoint = mock.url;
  });
  beforeEach(() => mock.reset());
  after(() => mock.close());

  /** What the server saw last: its body, and the plan id the answer derives from. */
  const lastSeen = () => {
    const seen = mock.requests.at(-1);
    assert.ok(seen);
    const h = requestId(0, seen.path, Buffer.from(JSON.stringify(seen.json)));
    return { seen, h };
  };
  const attempts = () => mock.requests.map(r => [r.status, r.attempt, r.fault]);

  void it('GENERIC chat: the plan text, stop and exact usage; opc-request-id after the client’s own', async () => {
    const res = await client.chat({ chatDetails: generic(LLAMA) });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const { seen, h } = lastSeen();
    assert.deepEqual(
      [seen.path, seen.provider, seen.model, seen.status],
      ['/20231130/actions/chat', 'oci', LLAMA, 200],
    );
    assert.deepEqual(plain(res.chatResult), {
      modelId: LLAMA,
      modelVersion: '1.0',
      chatResponse: {
        apiFormat: 'GENERIC',
        timeCreated: CREATED,
        choices: [
          {
            index: 0,
            message: {
              role: 'ASSISTANT',
              content: [{ type: 'TEXT', text: expectedText() }],
            },
            finishReason: 'stop',
            logprobs: {},
          },
        ],
        usage: {
          promptTokens: 5,
          completionTokens: 8,
          totalTokens: 13,
          promptTokensDetails: { cachedTokens: 0 },
          completionTokensDetails: { reasoningTokens: 0 },
        },
      },
    });
    assert.equal(expectedText(), 'time call test from data load span node');
    assert.deepEqual(
      ociUsage(expectedUsage({ body: seen.json })),
      plain((res.chatResult.chatResponse as models.GenericChatResponse).usage),
    );
    assert.equal(
      res.opcRequestId,
      `${seen.headers['opc-request-id']}/${h.toUpperCase()}`,
    );
  });

  void it('GENERIC chat: a scenario after ~ in modelId sets tokens, cache reads and reasoning', async () => {
    const model = `${LLAMA}~tokens=3,cache_read=4,reasoning=2`;
    const res = await client.chat({
      chatDetails: generic(model, { numGenerations: 2 }),
    });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const chat = res.chatResult.chatResponse as models.GenericChatResponse;
    assert.equal(res.chatResult.modelId, model);
    assert.deepEqual(
      chat.choices.map(c => [
        c.index,
        (c.message.content?.[0] as models.TextContent).text,
      ]),
      [
        [0, 'time call test'],
        [1, 'time call test'],
      ],
    );
    assert.deepEqual(plain(chat.usage), {
      promptTokens: 9,
      completionTokens: 10,
      totalTokens: 19,
      promptTokensDetails: { cachedTokens: 4 },
      completionTokensDetails: { reasoningTokens: 4 },
    });
  });

  void it('GENERIC stream: exactly text/event-stream, one event per piece, finish, then usage when asked', async () => {
    const stream = asStream(
      await client.chat({
        chatDetails: generic(`${LLAMA}~tokens=3`, {
          isStream: true,
          streamOptions: { isIncludeUsage: true },
        }),
      }),
    );
    const events = sseEvents(await readAll(stream));
    const { seen } = lastSeen();
    assert.equal(seen.status, 200);
    const message = (text: string) => ({
      role: 'ASSISTANT',
      content: [{ type: 'TEXT', text }],
    });
    assert.deepEqual(
      events.map(e => {
        const { pad, ...rest } = e;
        assert.match(String(pad), /^a+$/);
        return rest;
      }),
      [
        { index: 0, message: message('') },
        ...expectedPieces({ scenario: 'tokens=3' }).map(piece => ({
          index: 0,
          message: message(piece),
        })),
        { index: 0, message: message(''), finishReason: 'stop' },
        {
          usage: ociUsage(
            expectedUsage({ body: seen.json, scenario: 'tokens=3' }),
          ),
        },
      ],
    );
    assert.deepEqual(expectedPieces({ scenario: 'tokens=3' }), [
      'time',
      ' call',
      ' test',
    ]);

    const withoutUsage = sseEvents(
      await readAll(
        asStream(
          await client.chat({
            chatDetails: generic(`${LLAMA}~tokens=3`, { isStream: true }),
          }),
        ),
      ),
    );
    assert.deepEqual(
      withoutUsage.map(e => [e.finishReason, e.usage]),
      [
        [undefined, undefined],
        [undefined, undefined],
        [undefined, undefined],
        [undefined, undefined],
        ['stop', undefined],
      ],
    );
  });

  void it('GENERIC tool call: the first FUNCTION tool with schema-filled arguments; text once a TOOL message answers', async () => {
    const tools: models.FunctionDefinition[] = [
      {
        type: 'FUNCTION',
        name: 'get_weather',
        description: 'Current weather',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' }, days: { type: 'integer' } },
        },
      },
    ];
    const res = await client.chat({ chatDetails: generic(LLAMA, { tools }) });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const { h } = lastSeen();
    const choice = (res.chatResult.chatResponse as models.GenericChatResponse)
      .choices[0];
    assert.deepEqual(plain(choice), {
      index: 0,
      message: {
        role: 'ASSISTANT',
        toolCalls: [
          {
            id: `call_${h}`,
            type: 'FUNCTION',
            name: 'get_weather',
            arguments: '{"city":"mock","days":42}',
          },
        ],
      },
      finishReason: 'tool_calls',
      logprobs: {},
    });

    const stream = asStream(
      await client.chat({
        chatDetails: generic(LLAMA, { tools, isStream: true }),
      }),
    );
    const events = sseEvents(await readAll(stream));
    const calls = events.flatMap(
      e =>
        (e.message as { toolCalls?: Array<Record<string, string>> } | undefined)
          ?.toolCalls ?? [],
    );
    assert.equal(calls[0]?.name, 'get_weather');
    assert.equal(
      calls.map(c => c.arguments).join(''),
      '{"city":"mock","days":42}',
    );
    assert.equal(events.at(-1)?.finishReason, 'tool_calls');

    const toolCall: models.FunctionCall = {
      id: 'call_1',
      type: 'FUNCTION',
      name: 'get_weather',
      arguments: '{"city":"mock","days":42}',
    };
    const answered = await client.chat({
      chatDetails: generic(LLAMA, {
        tools,
        messages: [
          userText('Weather in Paris?'),
          {
            role: 'ASSISTANT',
            toolCalls: [toolCall],
          } as models.AssistantMessage,
          {
            role: 'TOOL',
            toolCallId: 'call_1',
            content: [textContent('{"temp":18}')],
          } as models.ToolMessage,
        ],
      }),
    });
    assert.ok(answered !== null && !(answered instanceof ReadableStream));
    const last = (
      answered.chatResult.chatResponse as models.GenericChatResponse
    ).choices[0];
    assert.equal(last?.finishReason, 'stop');
    assert.deepEqual(plain(last?.message.content), [
      { type: 'TEXT', text: expectedText() },
    ]);
  });

  void it('COHERE chat: text, chatHistory extended by the turn, COMPLETE; input counts message, preamble and history', async () => {
    const chatRequest: models.CohereChatRequest = {
      apiFormat: 'COHERE',
      message: 'What is the capital of France?',
      preambleOverride: 'Answer in one sentence.',
      chatHistory: [
        { role: 'USER', message: 'Hi' } as models.CohereUserMessage,
        {
          role: 'CHATBOT',
          message: 'Hello! How can I help?',
        } as models.CohereChatBotMessage,
      ],
    };
    const res = await client.chat({
      chatDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand(COMMAND_R),
        chatRequest,
      },
    });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const input = ociCohereInputTokens(
      chatRequest as unknown as Record<string, unknown>,
    );
    assert.equal(input, 6 + 4 + 1 + 5);
    assert.deepEqual(plain(res.chatResult.chatResponse), {
      apiFormat: 'COHERE',
      text: expectedText(),
      chatHistory: [
        { role: 'USER', message: 'Hi' },
        { role: 'CHATBOT', message: 'Hello! How can I help?' },
        { role: 'USER', message: 'What is the capital of France?' },
        { role: 'CHATBOT', message: expectedText() },
      ],
      finishReason: 'COMPLETE',
      usage: ociCohereUsage({ ...expectedUsage(), inputTokens: input }),
    });
    assert.deepEqual(
      plain((res.chatResult.chatResponse as models.CohereChatResponse).usage),
      { promptTokens: 16, completionTokens: 8, totalTokens: 24 },
    );

    const stream = asStream(
      await client.chat({
        chatDetails: {
          compartmentId: COMPARTMENT,
          servingMode: onDemand(`${COMMAND_R}~tokens=2`),
          chatRequest: { ...chatRequest, isStream: true },
        },
      }),
    );
    const events = sseEvents(await readAll(stream));
    assert.deepEqual(
      events.map(e => [e.apiFormat, e.text, e.finishReason]),
      [
        ['COHERE', 'time', undefined],
        ['COHERE', ' call', undefined],
        ['COHERE', 'time call', 'COMPLETE'],
      ],
    );
    assert.deepEqual(events.at(-1)?.usage, {
      promptTokens: 16,
      completionTokens: 2,
      totalTokens: 18,
    });
  });

  void it('COHERE tool call: parameters filled from parameterDefinitions; toolResults get text', async () => {
    const tool: models.CohereTool = {
      name: 'get_weather',
      description: 'Current weather',
      parameterDefinitions: {
        city: { type: 'str', isRequired: true },
        days: { type: 'int' },
      },
    };
    const chatRequest: models.CohereChatRequest = {
      apiFormat: 'COHERE',
      message: 'Weather in Paris?',
      tools: [tool],
    };
    const res = await client.chat({
      chatDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand(COMMAND_R),
        chatRequest,
      },
    });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const chat = res.chatResult.chatResponse as models.CohereChatResponse;
    assert.deepEqual(plain([chat.text, chat.toolCalls, chat.finishReason]), [
      'I will call the tool.',
      [{ name: 'get_weather', parameters: { city: 'mock', days: 42 } }],
      'COMPLETE',
    ]);

    const answered = await client.chat({
      chatDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand(COMMAND_R),
        chatRequest: {
          ...chatRequest,
          message: '',
          toolResults: [
            {
              call: { name: 'get_weather', parameters: { city: 'mock' } },
              outputs: [{ temp: 18 }],
            },
          ],
        },
      },
    });
    assert.ok(answered !== null && !(answered instanceof ReadableStream));
    const text = answered.chatResult.chatResponse as models.CohereChatResponse;
    assert.deepEqual([text.text, text.toolCalls], [expectedText(), undefined]);
  });

  void it('COHEREV2 chat: a UUID id, message content, COMPLETE; a tool call is TOOL_CALL with toolPlan', async () => {
    const chatRequest: models.CohereChatRequestV2 = {
      apiFormat: 'COHEREV2',
      messages: [
        {
          role: 'USER',
          content: [
            {
              type: 'TEXT',
              text: 'What is the capital of France?',
            } as models.CohereTextContentV2,
          ],
        } as models.CohereUserMessageV2,
      ],
    };
    const chatDetails = (
      request: models.CohereChatRequestV2,
    ): models.ChatDetails => ({
      compartmentId: COMPARTMENT,
      servingMode: onDemand(COMMAND_A),
      chatRequest: request,
    });
    const res = await client.chat({ chatDetails: chatDetails(chatRequest) });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    const { seen, h } = lastSeen();
    assert.deepEqual(plain(res.chatResult.chatResponse), {
      apiFormat: 'COHEREV2',
      id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}00000000`,
      message: {
        role: 'ASSISTANT',
        content: [{ type: 'TEXT', text: expectedText() }],
      },
      finishReason: 'COMPLETE',
      usage: ociCohereUsage(expectedUsage({ body: seen.json })),
    });
    assert.equal(
      (res.chatResult.chatResponse as models.CohereChatResponseV2).usage
        ?.promptTokens,
      6,
    );

    const tools: models.CohereToolV2[] = [
      {
        type: 'FUNCTION' as models.CohereToolV2.Type,
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
          },
        },
      },
    ];
    const called = await client.chat({
      chatDetails: chatDetails({ ...chatRequest, tools }),
    });
    assert.ok(called !== null && !(called instanceof ReadableStream));
    const v2 = called.chatResult.chatResponse as models.CohereChatResponseV2;
    assert.deepEqual(plain([v2.finishReason, v2.message]), [
      'TOOL_CALL',
      {
        role: 'ASSISTANT',
        toolPlan: 'I will call the tool.',
        toolCalls: [
          {
            id: `get_weather_${lastSeen().h.slice(0, 8)}`,
            type: 'FUNCTION',
            function: { name: 'get_weather', arguments: '{"city":"mock"}' },
          },
        ],
      },
    ]);

    const stream = asStream(
      await client.chat({
        chatDetails: chatDetails({ ...chatRequest, isStream: true }),
      }),
    );
    const events = sseEvents(await readAll(stream));
    const text = events
      .map(
        e =>
          (e.message as { content?: Array<{ text: string }> }).content?.[0]
            ?.text ?? '',
      )
      .join('');
    assert.equal(text, expectedText());
    assert.deepEqual(events.at(-1), {
      apiFormat: 'COHEREV2',
      message: { role: 'ASSISTANT' },
      finishReason: 'COMPLETE',
      usage: ociCohereUsage(expectedUsage({ body: lastSeen().seen.json })),
    });
  });

  void it('DEDICATED serving mode: the endpoint OCID is the model', async () => {
    const endpointId =
      'ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaaexampleendpoint';
    const serving: models.DedicatedServingMode = {
      servingType: 'DEDICATED',
      endpointId,
    };
    const res = await client.chat({
      chatDetails: { ...generic(LLAMA), servingMode: serving },
    });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    assert.equal(res.chatResult.modelId, endpointId);
    assert.equal(mock.requests.at(-1)?.model, endpointId);
  });

  void it('embedText: one vector per input, outputDimensions long, usage the words of the inputs', async () => {
    const res = await client.embedText({
      embedTextDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand('cohere.embed-english-v3.0'),
        inputs: ['hello world', 'goodbye'],
        truncate: 'END' as models.EmbedTextDetails.Truncate,
        inputType: 'SEARCH_DOCUMENT' as models.EmbedTextDetails.InputType,
        outputDimensions: 4,
      },
    });
    const { seen, h } = lastSeen();
    assert.equal(seen.path, '/20231130/actions/embedText');
    const result = res.embedTextResult;
    assert.equal(result.id.replaceAll('-', ''), `${h}00000000`);
    assert.equal(result.modelId, 'cohere.embed-english-v3.0');
    assert.deepEqual(
      result.embeddings.map(v => v.length),
      [4, 4],
    );
    assert.notDeepEqual(result.embeddings[0], result.embeddings[1]);
    assert.deepEqual(plain(result.usage), { promptTokens: 3, totalTokens: 3 });
  });

  void it('generateText: COHERE generatedTexts and LLAMA choices, and a LLAMA stream', async () => {
    const cohere = await client.generateText({
      generateTextDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand('cohere.command~tokens=2'),
        inferenceRequest: {
          runtimeType: 'COHERE',
          prompt: 'Capital of France?',
          numGenerations: 2,
        } as models.CohereLlmInferenceRequest,
      },
    });
    assert.ok(cohere !== null && !(cohere instanceof ReadableStream));
    const generated = cohere.generateTextResult
      .inferenceResponse as models.CohereLlmInferenceResponse;
    assert.deepEqual(
      generated.generatedTexts.map(g => [g.text, g.finishReason]),
      [
        ['time call', 'COMPLETE'],
        ['time call', 'COMPLETE'],
      ],
    );
    assert.deepEqual(
      [generated.runtimeType, generated.prompt, generated.timeCreated],
      ['COHERE', 'Capital of France?', CREATED],
    );
    assert.notEqual(
      generated.generatedTexts[0]?.id,
      generated.generatedTexts[1]?.id,
    );

    const llamaRequest: models.LlamaLlmInferenceRequest = {
      runtimeType: 'LLAMA',
      prompt: 'Capital of France?',
      maxTokens: 20,
    };
    const llama = await client.generateText({
      generateTextDetails: {
        compartmentId: COMPARTMENT,
        servingMode: onDemand('meta.llama-2-70b-chat'),
        inferenceRequest: llamaRequest,
      },
    });
    assert.ok(llama !== null && !(llama instanceof ReadableStream));
    assert.deepEqual(plain(llama.generateTextResult.inferenceResponse), {
      runtimeType: 'LLAMA',
      created: CREATED,
      choices: [
        { index: 0, text: expectedText(), finishReason: 'stop', logprobs: {} },
      ],
    });

    const stream = asStream(
      await client.generateText({
        generateTextDetails: {
          compartmentId: COMPARTMENT,
          servingMode: onDemand('meta.llama-2-70b-chat~tokens=3'),
          inferenceRequest: { ...llamaRequest, isStream: true },
        },
      }),
    );
    assert.deepEqual(sseEvents(await readAll(stream)), [
      { index: 0, text: 'time' },
      { index: 0, text: ' call' },
      { index: 0, text: ' test' },
      { index: 0, text: '', finishReason: 'stop' },
    ]);
  });

  void it('429: the SDK throws OciError 429 TooManyRequests with the opc-request-id', async () => {
    const err = await client
      .chat({ chatDetails: generic(`${LLAMA}~429`), ...NO_RETRY })
      .catch((e: unknown) => e);
    assert.deepEqual(ociErrorOf(err), [
      429,
      'TooManyRequests',
      'Too many requests for the user',
    ]);
    const { seen, h } = lastSeen();
    assert.equal(
      (err as { opcRequestId: string }).opcRequestId,
      `${seen.headers['opc-request-id']}/${h.toUpperCase()}`,
    );
    assert.deepEqual(attempts(), [[429, 0, '429']]);
  });

  void it('429-once: the SDK’s own retry (no delay) succeeds on the second attempt', async () => {
    const res = await client.chat({
      chatDetails: generic(`${LLAMA}~429-once`),
      retryConfiguration: {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(3),
        delayStrategy: new common.FixedTimeDelayStrategy(0),
      },
    });
    assert.ok(res !== null && !(res instanceof ReadableStream));
    assert.equal(
      (res.chatResult.chatResponse as models.GenericChatResponse).choices[0]
        ?.finishReason,
      'stop',
    );
    assert.deepEqual(attempts(), [
      [429, 0, '429'],
      [200, 1, undefined],
    ]);
  });

  void it('500 and 503 are OciErrors InternalServerError and ServiceUnavailable', async () => {
    const e500 = await client
      .chat({ chatDetails: generic(`${LLAMA}~500`), ...NO_RETRY })
      .catch((e: unknown) => e);
    assert.deepEqual(ociErrorOf(e500).slice(0, 2), [
      500,
      'InternalServerError',
    ]);
    const e503 = await client
      .embedText({
        embedTextDetails: {
          compartmentId: COMPARTMENT,
          servingMode: onDemand('cohere.embed-english-v3.0~503'),
          inputs: ['x'],
        },
        ...NO_RETRY,
      })
      .catch((e: unknown) => e);
    assert.deepEqual(ociErrorOf(e503).slice(0, 2), [503, 'ServiceUnavailable']);
  });

  void it('a cut stream: the first events arrive, then reading the stream throws', async () => {
    const stream = asStream(
      await client.chat({
        chatDetails: generic(`${LLAMA}~cut,cut_after=3`, { isStream: true }),
        ...NO_RETRY,
      }),
    );
    const decoder = new TextDecoder();
    let text = '';
    const err = await (async () => {
      for await (const chunk of stream) text += decoder.decode(chunk);
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error, 'reading the cut stream throws');
    const whole = text.split('\n\n').slice(0, -1);
    assert.equal(whole.length, 3);
    assert.deepEqual(
      whole.map(
        block =>
          (
            JSON.parse(block.slice(6)) as {
              message: { content: Array<{ text: string }> };
            }
          ).message.content[0]?.text,
      ),
      ['', ...expectedPieces().slice(0, 2)],
    );
  });

  void it('stream_error: half the events, then a {code, message} error event, then a clean end', async () => {
    const stream = asStream(
      await client.chat({
        chatDetails: generic(`${LLAMA}~tokens=4,stream_error`, {
          isStream: true,
        }),
      }),
    );
    const events = sseEvents(await readAll(stream));
    assert.equal(events.length, 4);
    assert.deepEqual(events.at(-1), {
      code: 'InternalServerError',
      message: 'Internal server error',
    });
  });
});
