// The whole path for Bedrock: the real AWS SDK over node:http2, our http2
// capture, the LLM recorder with the Bedrock provider, spans and metrics.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm } from '../../../mock-llm/src/index.js';
import { enableHttp2Capture } from '../../src/capture/http2-client.js';
import { bedrockProvider } from '../../src/providers/bedrock/index.js';
import type { MatchedProvider } from '../../src/providers/registry.js';
import type { MatchOptions } from '../../src/providers/types.js';
import {
  createHarness,
  ensureContextManager,
  points,
} from '../telemetry/harness.js';
import type { Harness } from '../telemetry/harness.js';

function matchBedrock(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>> = {},
  options: MatchOptions = { openAICompatibleBaseUrls: [] },
): MatchedProvider | undefined {
  const match = bedrockProvider.match(method, url, headers, options);
  return match === undefined ? undefined : { match, module: bedrockProvider };
}

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HELLO = {
  messages: [
    { role: 'user' as const, content: [{ text: 'Say hello to the world' }] },
  ],
  inferenceConfig: { maxTokens: 100, temperature: 0.5 },
};

void describe('Bedrock spans from the real AWS SDK over node:http2', () => {
  let mock: MockLlm;
  let harness: Harness;
  let disable: () => void;
  let client: BedrockRuntimeClient;
  before(async () => {
    ensureContextManager();
    mock = await startMockLlm();
    harness = createHarness({ provider: matchBedrock });
    disable = enableHttp2Capture(harness.recorder);
    client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  });
  after(async () => {
    disable();
    client.destroy();
    await harness.shutdown();
    await mock.close();
  });
  beforeEach(() => mock.reset());

  function base(port: number): Record<string, unknown> {
    return {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'server.address': '127.0.0.1',
      'server.port': port,
      'llm_otel.feature': 'unattributed',
      'gen_ai.request.model': HAIKU,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.max_tokens': 100,
    };
  }

  void it('records Converse and ConverseStream as chat spans with usage, and counts the tokens', async () => {
    const one = await client.send(
      new ConverseCommand({ modelId: HAIKU, ...HELLO }),
    );
    const res = await client.send(
      new ConverseStreamCommand({ modelId: HAIKU, ...HELLO }),
    );
    let events = 0;
    for await (const e of res.stream ?? [])
      if (e.$unknown === undefined) events++;
    assert.equal(events, 12);
    const [converse, stream] = harness.spans();
    assert.ok(converse && stream);
    assert.equal(converse.name, `chat ${HAIKU}`);
    assert.deepStrictEqual(converse.attributes, {
      ...base(mock.port),
      'llm_otel.attempt': 0,
      'gen_ai.response.id': one.$metadata.requestId,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 8,
      'llm_otel.outcome': 'success',
    });
    const ttfc = stream.attributes['gen_ai.response.time_to_first_chunk'];
    assert.equal(typeof ttfc, 'number');
    assert.deepStrictEqual(stream.attributes, {
      ...base(mock.port),
      'llm_otel.attempt': 0,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': res.$metadata.requestId,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.output_tokens': 8,
      'llm_otel.outcome': 'success',
      'gen_ai.response.time_to_first_chunk': ttfc,
    });
    const metrics = await harness.metrics();
    const labels = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'server.address': '127.0.0.1',
      'server.port': mock.port,
      'llm_otel.feature': 'unattributed',
      'gen_ai.request.model': HAIKU,
    };
    assert.deepStrictEqual(points(metrics.get('gen_ai.client.token.usage')), [
      {
        attributes: { ...labels, 'gen_ai.token.type': 'input' },
        value: { count: 2, sum: 10 },
      },
      {
        attributes: { ...labels, 'gen_ai.token.type': 'output' },
        value: { count: 2, sum: 16 },
      },
    ]);
    // 8 content events: 7 gaps after the first.
    assert.equal(
      (
        points(metrics.get('gen_ai.client.operation.time_per_output_chunk'))[0]
          ?.value as { count: number }
      ).count,
      7,
    );
  });

  void it('records each attempt of a throttled call; the 429 carries error.type ThrottlingException', async () => {
    const throttling = await startMockLlm({
      scenario: 'fault=429-once,retry_after=0',
    });
    const retrying = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: throttling.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    try {
      const before = harness.spans().length;
      const res = await retrying.send(
        new ConverseCommand({ modelId: HAIKU, ...HELLO }),
      );
      assert.equal(res.$metadata.attempts, 2);
      const [first, second] = harness.spans().slice(before);
      assert.ok(first && second);
      assert.deepStrictEqual(first.attributes, {
        ...base(throttling.port),
        'llm_otel.attempt': 0,
        'gen_ai.response.id': res.$metadata.requestId,
        'llm_otel.outcome': 'rate_limited',
        'error.type': 'ThrottlingException',
      });
      assert.equal(first.status.code, 2);
      assert.deepStrictEqual(second.attributes, {
        ...base(throttling.port),
        'llm_otel.attempt': 1,
        'gen_ai.response.id': res.$metadata.requestId,
        'gen_ai.response.finish_reasons': ['end_turn'],
        'gen_ai.usage.input_tokens': 5,
        'gen_ai.usage.output_tokens': 8,
        'llm_otel.outcome': 'success',
      });
    } finally {
      retrying.destroy();
      await throttling.close();
    }
  });

  void it('records a refused connection as network_error ECONNREFUSED, not the stream cancel that wraps it', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    await once(closed, 'close');
    const refused = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    try {
      const before = harness.spans().length;
      const error = await refused
        .send(new ConverseCommand({ modelId: HAIKU, ...HELLO }))
        .then(
          () => undefined,
          (e: unknown) => e as { code?: unknown; cause?: { code?: unknown } },
        );
      // What the app sees: the SDK's own error, unchanged by capture.
      assert.deepStrictEqual(
        [error?.code, error?.cause?.code],
        ['ERR_HTTP2_STREAM_CANCEL', 'ECONNREFUSED'],
      );
      const spans = harness.spans().slice(before);
      assert.equal(spans.length, 1);
      assert.deepStrictEqual(spans[0]!.attributes, {
        ...base(port),
        'llm_otel.attempt': 0,
        'llm_otel.outcome': 'network_error',
        'error.type': 'ECONNREFUSED',
      });
      assert.equal(spans[0]!.status.code, 2);
    } finally {
      refused.destroy();
    }
  });

  void it('records InvokeModel of an embedding model as an embeddings span (Titan, Cohere)', async () => {
    const before = harness.spans().length;
    const invoke = async (modelId: string, body: unknown) => {
      const res = await client.send(
        new InvokeModelCommand({
          modelId,
          contentType: 'application/json',
          body: JSON.stringify(body),
        }),
      );
      return {
        id: res.$metadata.requestId,
        json: JSON.parse(new TextDecoder().decode(res.body)) as {
          id?: string;
          inputTextTokenCount?: number;
        },
      };
    };
    const TITAN = 'amazon.titan-embed-text-v2:0';
    const COHERE = 'cohere.embed-english-v3';
    const titan = await invoke(TITAN, {
      inputText: 'Say hello to the world',
      dimensions: 256,
      embeddingTypes: ['float'],
    });
    const cohere = await invoke(COHERE, {
      texts: ['Say hello', 'to the world'],
      input_type: 'search_document',
      embedding_types: ['float', 'int8'],
    });
    const where = {
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'aws.bedrock',
      'server.address': '127.0.0.1',
      'server.port': mock.port,
      'llm_otel.feature': 'unattributed',
    };
    assert.deepStrictEqual(
      harness
        .spans()
        .slice(before)
        .map(s => [s.name, s.attributes]),
      [
        [
          `embeddings ${TITAN}`,
          {
            ...where,
            'gen_ai.request.model': TITAN,
            'llm_otel.attempt': 0,
            'gen_ai.request.encoding_formats': ['float'],
            'gen_ai.response.id': titan.id,
            'gen_ai.usage.input_tokens': titan.json.inputTextTokenCount,
            'gen_ai.embeddings.dimension.count': 256,
            'llm_otel.outcome': 'success',
          },
        ],
        [
          `embeddings ${COHERE}`,
          {
            ...where,
            'gen_ai.request.model': COHERE,
            'llm_otel.attempt': 0,
            'gen_ai.request.encoding_formats': ['float', 'int8'],
            'gen_ai.response.id': cohere.json.id,
            'gen_ai.usage.input_tokens': 5,
            'gen_ai.embeddings.dimension.count': 1024,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });
});
