import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type {
  ConverseCommandInput,
  ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import {
  expectedPieces,
  expectedText,
  expectedUsage,
  startMockLlm,
  type MockLlm,
} from '../../src/index.js';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const HELLO = {
  messages: [
    { role: 'user' as const, content: [{ text: 'Say hello to the world' }] },
  ],
};
const WEATHER = {
  messages: [
    { role: 'user' as const, content: [{ text: 'Weather in Paris?' }] },
  ],
  toolConfig: {
    tools: [
      {
        toolSpec: {
          name: 'get_weather',
          inputSchema: {
            json: {
              type: 'object',
              properties: {
                city: { type: 'string' },
                days: { type: 'integer' },
              },
            },
          },
        },
      },
    ],
  },
};

const decoder = new TextDecoder();

void describe('Bedrock Runtime with the real @aws-sdk/client-bedrock-runtime', () => {
  let mock: MockLlm;
  let client: BedrockRuntimeClient;
  before(async () => {
    mock = await startMockLlm();
    client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  });
  after(async () => {
    client.destroy();
    await mock.close();
  });
  beforeEach(() => mock.reset());

  void it('Converse answers with the documented text, stop reason, usage and metrics over HTTP/2', async () => {
    const input: ConverseCommandInput = {
      modelId: HAIKU,
      ...HELLO,
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 100, temperature: 0.5 },
    };
    const res = await client.send(new ConverseCommand(input));
    const body: Partial<ConverseCommandInput> = { ...input };
    delete body.modelId;
    const usage = expectedUsage({ body });
    assert.deepStrictEqual(usage, {
      inputTokens: 7,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 8,
      reasoningTokens: 0,
    });
    assert.deepStrictEqual(res.output, {
      message: { role: 'assistant', content: [{ text: expectedText() }] },
    });
    assert.equal(expectedText(), 'time call test from data load span node');
    assert.equal(res.stopReason, 'end_turn');
    assert.deepStrictEqual(res.usage, {
      inputTokens: 7,
      outputTokens: 8,
      totalTokens: 15,
    });
    assert.deepStrictEqual(res.metrics, { latencyMs: 180 });
    assert.match(
      res.$metadata.requestId ?? '',
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.deepStrictEqual(
      mock.requests.map(r => [r.path, r.httpVersion, r.provider, r.model]),
      [
        [
          `/model/${encodeURIComponent(HAIKU)}/converse`,
          '2.0',
          'aws.bedrock',
          HAIKU,
        ],
      ],
    );
  });

  void it('Converse reports cache reads and writes beside inputTokens, reasoning inside outputTokens', async () => {
    const res = await client.send(
      new ConverseCommand({
        modelId: `${HAIKU}~cache_read=100,cache_write=20,tokens=3,reasoning=4`,
        ...HELLO,
      }),
    );
    // Reasoning tokens are billed inside outputTokens.
    assert.deepStrictEqual(res.usage, {
      inputTokens: 5,
      outputTokens: 7,
      totalTokens: 132,
      cacheReadInputTokens: 100,
      cacheWriteInputTokens: 20,
    });
  });

  void it('Converse calls the offered tool, then answers the tool result in text', async () => {
    const res = await client.send(
      new ConverseCommand({ modelId: HAIKU, ...WEATHER }),
    );
    const id = (res.output?.message?.content?.[0]?.toolUse?.toolUseId ??
      '') as string;
    assert.match(id, /^tooluse_[0-9a-f]{24}$/);
    assert.deepStrictEqual(res.output, {
      message: {
        role: 'assistant',
        content: [
          {
            toolUse: {
              toolUseId: id,
              name: 'get_weather',
              input: { city: 'mock', days: 42 },
            },
          },
        ],
      },
    });
    assert.equal(res.stopReason, 'tool_use');
    const next = await client.send(
      new ConverseCommand({
        modelId: HAIKU,
        ...WEATHER,
        messages: [
          ...WEATHER.messages,
          {
            role: 'assistant',
            content: [
              { toolUse: { toolUseId: id, name: 'get_weather', input: {} } },
            ],
          },
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: id, content: [{ text: 'sunny' }] } },
            ],
          },
        ],
      }),
    );
    assert.equal(next.stopReason, 'end_turn');
    assert.deepStrictEqual(next.output?.message?.content, [
      { text: expectedText() },
    ]);
  });

  void it('ConverseStream sends the event sequence with text deltas, stop and metadata', async () => {
    const res = await client.send(
      new ConverseStreamCommand({ modelId: PROFILE, ...HELLO }),
    );
    const events: ConverseStreamOutput[] = [];
    for await (const event of res.stream ?? []) events.push(event);
    assert.deepStrictEqual(events, [
      { messageStart: { role: 'assistant' } },
      ...expectedPieces().map(text => ({
        contentBlockDelta: { contentBlockIndex: 0, delta: { text } },
      })),
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'end_turn' } },
      {
        metadata: {
          usage: { inputTokens: 5, outputTokens: 8, totalTokens: 13 },
          metrics: { latencyMs: 180 },
        },
      },
    ]);
    assert.equal(expectedPieces().join(''), expectedText());
  });

  void it('stream_error: ConverseStream and InvokeModelWithResponseStream throw ModelStreamErrorException after the first events', async () => {
    const thrown = async (stream: AsyncIterable<unknown> | undefined) => {
      const seen: unknown[] = [];
      try {
        for await (const event of stream ?? []) seen.push(event);
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return { events: seen.length > 0, name: e.name, message: e.message };
      }
      return { events: seen.length > 0, name: undefined, message: undefined };
    };
    const converse = await client.send(
      new ConverseStreamCommand({
        modelId: `${PROFILE}~stream_error`,
        ...HELLO,
      }),
    );
    const invoke = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: `${HAIKU}~stream_error`,
        contentType: 'application/json',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 100,
          messages: [{ role: 'user', content: 'hi there' }],
        }),
      }),
    );
    const expected = {
      events: true,
      name: 'ModelStreamErrorException',
      message: 'The model stream was interrupted. Try your request again.',
    };
    assert.deepEqual(
      [await thrown(converse.stream), await thrown(invoke.body)],
      [expected, expected],
    );
  });

  void it('ConverseStream streams a tool call as toolUse input deltas', async () => {
    const res = await client.send(
      new ConverseStreamCommand({ modelId: PROFILE, ...WEATHER }),
    );
    let input = '';
    const kinds: string[] = [];
    for await (const event of res.stream ?? []) {
      kinds.push(Object.keys(event)[0] as string);
      input += event.contentBlockDelta?.delta?.toolUse?.input ?? '';
      if (event.contentBlockStart !== undefined)
        assert.equal(
          event.contentBlockStart.start?.toolUse?.name,
          'get_weather',
        );
      if (event.messageStop !== undefined)
        assert.equal(event.messageStop.stopReason, 'tool_use');
    }
    assert.deepStrictEqual(JSON.parse(input), { city: 'mock', days: 42 });
    assert.deepStrictEqual(
      [...new Set(kinds)],
      [
        'messageStart',
        'contentBlockStart',
        'contentBlockDelta',
        'contentBlockStop',
        'messageStop',
        'metadata',
      ],
    );
  });

  void it('InvokeModel returns the Anthropic body and the token-count headers', async () => {
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi there' }],
    };
    const res = await client.send(
      new InvokeModelCommand({ modelId: PROFILE, body: JSON.stringify(body) }),
    );
    const parsed = JSON.parse(decoder.decode(res.body)) as Record<
      string,
      unknown
    >;
    assert.match(String(parsed['id']), /^msg_bdrk_[0-9a-f]{24}$/);
    assert.deepStrictEqual(parsed, {
      id: parsed['id'],
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-20250514',
      content: [{ type: 'text', text: expectedText() }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 2,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 8,
      },
    });
    assert.equal(res.contentType, 'application/json');
    // The SDK does not expose the count headers: read them over HTTP/1.1.
    const raw = await fetch(
      `${mock.url}/model/${encodeURIComponent(PROFILE)}/invoke`,
      {
        method: 'POST',
        body: JSON.stringify(body),
      },
    );
    const headers: Record<string, string> = {};
    raw.headers.forEach((value, name) => {
      headers[name] = value;
    });
    delete headers['date'];
    delete headers['connection'];
    delete headers['keep-alive'];
    assert.deepStrictEqual(headers, {
      'content-type': 'application/json',
      'content-length': String((await raw.arrayBuffer()).byteLength),
      'x-amzn-requestid': res.$metadata.requestId,
      'x-amzn-bedrock-invocation-latency': '180',
      'x-amzn-bedrock-input-token-count': '2',
      'x-amzn-bedrock-output-token-count': '8',
    });
  });

  void it('InvokeModelWithResponseStream sends Anthropic events as base64 chunk bytes with invocation metrics', async () => {
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi there' }],
    };
    const res = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: `${HAIKU}~cache_read=10`,
        body: JSON.stringify(body),
      }),
    );
    const events: Record<string, unknown>[] = [];
    for await (const part of res.body ?? []) {
      events.push(
        JSON.parse(decoder.decode(part.chunk?.bytes)) as Record<
          string,
          unknown
        >,
      );
    }
    assert.deepStrictEqual(
      events.map(e => e['type']),
      [
        'message_start',
        'content_block_start',
        ...expectedPieces().map(() => 'content_block_delta'),
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    const start = events[0] as { message: { usage: unknown; model: string } };
    assert.equal(start.message.model, 'claude-3-haiku-20240307');
    assert.deepStrictEqual(start.message.usage, {
      input_tokens: 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 10,
      output_tokens: 1,
    });
    const text = events
      .map(e => (e['delta'] as { text?: string } | undefined)?.text ?? '')
      .join('');
    assert.equal(text, expectedText());
    assert.deepStrictEqual(events.at(-2), {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 8 },
    });
    assert.deepStrictEqual(events.at(-1), {
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: 2,
        outputTokenCount: 8,
        invocationLatency: 180,
        firstByteLatency: 100,
      },
    });
  });

  void it('retries a throttled request (429 ThrottlingException once) and then succeeds', async () => {
    const res = await client.send(
      new ConverseCommand({
        modelId: `${HAIKU}~fault=429-once,retry_after=0`,
        ...HELLO,
      }),
    );
    assert.deepStrictEqual(res.output?.message?.content, [
      { text: expectedText() },
    ]);
    assert.equal(res.$metadata.attempts, 2);
    assert.deepStrictEqual(
      mock.requests.map(r => [
        r.status,
        r.attempt,
        r.headers['amz-sdk-request'],
      ]),
      [
        [429, 0, 'attempt=1; max=3'],
        [200, 1, 'attempt=2; max=3'],
      ],
    );
  });

  void it('surfaces ThrottlingException after the SDK gives up', async () => {
    const throttled = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    try {
      await assert.rejects(
        throttled.send(
          new ConverseCommand({ modelId: `${HAIKU}~fault=429`, ...HELLO }),
        ),
        (error: Error & { $metadata: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'ThrottlingException');
          assert.equal(
            error.message,
            'Too many requests, please wait before trying again.',
          );
          assert.equal(error.$metadata.httpStatusCode, 429);
          return true;
        },
      );
    } finally {
      throttled.destroy();
    }
  });

  void it('answers a conversation without messages with a ValidationException (400)', async () => {
    await assert.rejects(
      client.send(new ConverseCommand({ modelId: HAIKU, messages: [] })),
      (error: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(error.name, 'ValidationException');
        assert.equal(error.$metadata.httpStatusCode, 400);
        return true;
      },
    );
  });

  void it('maps server faults to InternalServerException and ServiceUnavailableException', async () => {
    const once = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    try {
      for (const [fault, name, status] of [
        ['500', 'InternalServerException', 500],
        ['503', 'ServiceUnavailableException', 503],
      ] as const) {
        await assert.rejects(
          once.send(
            new ConverseCommand({
              modelId: `${HAIKU}~fault=${fault}`,
              ...HELLO,
            }),
          ),
          (error: Error & { $metadata: { httpStatusCode?: number } }) => {
            assert.equal(error.name, name);
            assert.equal(error.$metadata.httpStatusCode, status);
            return true;
          },
        );
      }
    } finally {
      once.destroy();
    }
  });
  void it('body faults break the response the way the SDK sees a broken service', async () => {
    const once = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const outcome = async (fault: string, stream: boolean): Promise<string> => {
      try {
        if (!stream) {
          await once.send(
            new ConverseCommand({
              modelId: `${HAIKU}~fault=${fault}`,
              ...HELLO,
            }),
          );
          return 'ok';
        }
        const res = await once.send(
          new ConverseStreamCommand({
            modelId: `${HAIKU}~fault=${fault}`,
            ...HELLO,
          }),
        );
        for await (const event of res.stream ?? []) void event;
        return 'ok';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message.split('\n')[0] ?? ''}`;
      }
    };
    try {
      assert.match(await outcome('malformed', false), /^SyntaxError: /);
      assert.match(
        await outcome('malformed', true),
        /^Error: The message checksum \(\d+\) did not match the expected value of \d+$/,
      );
      for (const fault of ['cut', 'truncated']) {
        for (const stream of [false, true]) {
          assert.equal(
            await outcome(fault, stream),
            'Error: Stream closed with error code NGHTTP2_INTERNAL_ERROR',
          );
        }
      }
      assert.equal(
        await outcome('overloaded', true),
        'ServiceUnavailableException: Model is getting throttled. Try your request again.',
      );
    } finally {
      once.destroy();
    }
  });
});
