import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { expectedUsage, startMockLlm, type MockLlm } from '../../src/index.js';
import {
  mockEmbedding,
  normalizeEmbedding,
} from '../../src/content/mock-embedding.js';

const TITAN_V2 = 'amazon.titan-embed-text-v2:0';
const TITAN_V1 = 'amazon.titan-embed-text-v1';
const COHERE_V3 = 'cohere.embed-english-v3';
const COHERE_V4 = 'cohere.embed-v4:0';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const decoder = new TextDecoder();

type Json = Record<string, unknown>;

void describe('Bedrock InvokeModel with embedding models (real @aws-sdk/client-bedrock-runtime)', () => {
  let mock: MockLlm;
  let client: BedrockRuntimeClient;
  let once: BedrockRuntimeClient;
  before(async () => {
    mock = await startMockLlm();
    const config = {
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    };
    client = new BedrockRuntimeClient(config);
    once = new BedrockRuntimeClient({ ...config, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    once.destroy();
    await mock.close();
  });
  beforeEach(() => mock.reset());

  const invoke = async (modelId: string, body: unknown) => {
    const res = await client.send(
      new InvokeModelCommand({
        modelId,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify(body),
      }),
    );
    return {
      res,
      json: JSON.parse(decoder.decode(res.body)) as Json,
    };
  };

  /** The SDK does not expose the count headers: read them over HTTP/1.1. */
  const countHeaders = async (modelId: string, body: unknown) => {
    const raw = await fetch(
      `${mock.url}/model/${encodeURIComponent(modelId)}/invoke`,
      { method: 'POST', body: JSON.stringify(body) },
    );
    const headers: Record<string, string> = {};
    raw.headers.forEach((value, name) => {
      if (name.startsWith('x-amzn-') || name === 'content-type')
        headers[name] = value;
    });
    await raw.arrayBuffer();
    return headers;
  };

  void it('Titan v2: dimensions 256, both embeddingTypes, normalized, inputTextTokenCount and headers', async () => {
    const body = {
      inputText: 'Say hello to the world',
      dimensions: 256,
      embeddingTypes: ['float', 'binary'],
    };
    const { res, json } = await invoke(TITAN_V2, body);
    const tokens = expectedUsage({ body }).inputTokens;
    assert.equal(tokens, 5);
    const embedding = normalizeEmbedding(mockEmbedding(0, 256, 0));
    assert.deepStrictEqual(json, {
      embedding,
      embeddingsByType: {
        float: embedding,
        binary: embedding.map(v => (v > 0 ? 1 : 0)),
      },
      inputTextTokenCount: tokens,
    });
    assert.equal(embedding.length, 256);
    const norm = Math.sqrt(embedding.reduce((s, v) => s + v * v, 0));
    assert.ok(Math.abs(norm - 1) < 1e-5, String(norm));
    assert.equal(res.contentType, 'application/json');
    assert.match(res.$metadata.requestId ?? '', UUID);
    assert.deepStrictEqual(await countHeaders(TITAN_V2, body), {
      'content-type': 'application/json',
      'x-amzn-requestid': res.$metadata.requestId,
      'x-amzn-bedrock-invocation-latency': '100',
      'x-amzn-bedrock-input-token-count': String(tokens),
      'x-amzn-bedrock-output-token-count': '0',
    });
  });

  void it('Titan v2 defaults to 1024 floats; normalize: false answers the raw vector', async () => {
    const body = { inputText: 'one two three', normalize: false };
    const { json } = await invoke(`${TITAN_V2}~seed=3`, body);
    const embedding = mockEmbedding(0, 1024, 3);
    assert.deepStrictEqual(json, {
      embedding,
      embeddingsByType: { float: embedding },
      inputTextTokenCount: expectedUsage({ body }).inputTokens,
    });
    assert.equal(json['inputTextTokenCount'], 3);
    const normalized = await invoke(TITAN_V2, { inputText: 'x' });
    assert.equal((normalized.json['embedding'] as number[]).length, 1024);
  });

  void it('Titan v1: 1536 floats and inputTextTokenCount, nothing else', async () => {
    const body = { inputText: 'The quick brown fox jumps' };
    const { json } = await invoke(TITAN_V1, body);
    assert.deepStrictEqual(json, {
      embedding: mockEmbedding(0, 1536, 0),
      inputTextTokenCount: expectedUsage({ body }).inputTokens,
    });
    assert.equal(json['inputTextTokenCount'], 5);
    assert.deepStrictEqual(
      mock.requests.map(r => [r.status, r.provider, r.model]),
      [[200, 'aws.bedrock', TITAN_V1]],
    );
  });

  void it('Cohere v3 without embedding_types: embeddings_floats, one 1024-vector per text', async () => {
    const body = {
      texts: ['Say hello to the world', 'hi there'],
      input_type: 'search_document',
      truncate: 'NONE',
    };
    const { res, json } = await invoke(COHERE_V3, body);
    const tokens = expectedUsage({ body }).inputTokens;
    assert.equal(tokens, 7);
    assert.match(String(json['id']), UUID);
    assert.notEqual(json['id'], res.$metadata.requestId);
    assert.deepStrictEqual(json, {
      id: json['id'],
      texts: body.texts,
      embeddings: [mockEmbedding(0, 1024, 0), mockEmbedding(1, 1024, 0)],
      response_type: 'embeddings_floats',
    });
    assert.deepStrictEqual(await countHeaders(COHERE_V3, body), {
      'content-type': 'application/json',
      'x-amzn-requestid': res.$metadata.requestId,
      'x-amzn-bedrock-invocation-latency': '100',
      'x-amzn-bedrock-input-token-count': String(tokens),
      'x-amzn-bedrock-output-token-count': '0',
    });
  });

  void it('Cohere with embedding_types: embeddings_by_type with each type', async () => {
    const body = {
      texts: ['alpha beta', 'gamma'],
      input_type: 'search_query',
      embedding_types: ['float', 'int8', 'uint8', 'binary', 'ubinary'],
    };
    const { json } = await invoke('us.cohere.embed-multilingual-v3', body);
    const floats = [mockEmbedding(0, 1024, 0), mockEmbedding(1, 1024, 0)];
    const bits = (v: number[]) => {
      const out: number[] = [];
      for (let k = 0; k < v.length; k += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++)
          byte = byte * 2 + ((v[k + b] ?? 0) > 0 ? 1 : 0);
        out.push(byte);
      }
      return out;
    };
    assert.equal(json['response_type'], 'embeddings_by_type');
    assert.deepStrictEqual(json['texts'], body.texts);
    const e = json['embeddings'] as Record<string, number[][]>;
    assert.deepStrictEqual(Object.keys(e), body.embedding_types);
    assert.deepStrictEqual(e['float'], floats);
    assert.deepStrictEqual(
      e['int8'],
      floats.map(v => v.map(x => Math.round(x * 127) || 0)),
    );
    assert.deepStrictEqual(
      e['uint8'],
      floats.map(v => v.map(x => Math.round((x + 1) * 127.5))),
    );
    assert.deepStrictEqual(e['ubinary'], floats.map(bits));
    assert.deepStrictEqual(
      e['binary'],
      floats.map(v => bits(v).map(b => b - 128)),
    );
    assert.deepStrictEqual(
      Object.values(e).map(list => list.map(v => v.length)),
      [
        [1024, 1024],
        [1024, 1024],
        [1024, 1024],
        [128, 128],
        [128, 128],
      ],
    );
    assert.equal(json['inputTextTokenCount'], undefined);
  });

  void it('Cohere embed v4: 1536 by default, output_dimension picks the length', async () => {
    const base = { texts: ['a b c'], input_type: 'classification' };
    const plain = await invoke(COHERE_V4, base);
    assert.deepStrictEqual(plain.json['embeddings'], [
      mockEmbedding(0, 1536, 0),
    ]);
    const small = await invoke(COHERE_V4, {
      ...base,
      output_dimension: 256,
      embedding_types: ['float'],
    });
    assert.deepStrictEqual(small.json['embeddings'], {
      float: [mockEmbedding(0, 256, 0)],
    });
    assert.equal(small.json['response_type'], 'embeddings_by_type');
  });

  void it('InvokeModelWithResponseStream with an embedding model is a 400 ValidationException', async () => {
    for (const [modelId, body] of [
      [TITAN_V2, { inputText: 'hi' }],
      [COHERE_V3, { texts: ['hi'], input_type: 'search_query' }],
    ] as const) {
      await assert.rejects(
        client.send(
          new InvokeModelWithResponseStreamCommand({
            modelId,
            body: JSON.stringify(body),
          }),
        ),
        (error: Error & { $metadata: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'ValidationException');
          assert.equal(
            error.message,
            'The model is unsupported for streaming.',
          );
          assert.equal(error.$metadata.httpStatusCode, 400);
          return true;
        },
      );
    }
    assert.deepStrictEqual(
      mock.requests.map(r => r.status),
      [400, 400],
    );
  });

  void it('answers bodies the model cannot take with a ValidationException naming the field', async () => {
    const cases: [string, unknown, string][] = [
      [TITAN_V2, { texts: ['hi'] }, '#: required key [inputText] not found'],
      [
        TITAN_V2,
        { inputText: 'hi', dimensions: 300 },
        '#/dimensions: 300 is not a valid enum value',
      ],
      [
        TITAN_V2,
        { inputText: 'hi', embeddingTypes: ['int8'] },
        '#/embeddingTypes/0: int8 is not a valid enum value',
      ],
      [COHERE_V3, { texts: ['hi'] }, '#: required key [input_type] not found'],
      [
        COHERE_V3,
        { inputText: 'hi', input_type: 'search_query' },
        '#: required key [texts] not found',
      ],
    ];
    for (const [modelId, body, detail] of cases) {
      await assert.rejects(
        once.send(
          new InvokeModelCommand({ modelId, body: JSON.stringify(body) }),
        ),
        (error: Error & { $metadata: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'ValidationException');
          assert.equal(
            error.message,
            `Malformed input request: ${detail}, please reformat your input and try again.`,
          );
          assert.equal(error.$metadata.httpStatusCode, 400);
          return true;
        },
      );
    }
  });

  void it('429: ThrottlingException when the SDK gives up; a 429-once is retried to success', async () => {
    const body = JSON.stringify({ inputText: 'hi' });
    await assert.rejects(
      once.send(
        new InvokeModelCommand({ modelId: `${TITAN_V2}~fault=429`, body }),
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
    mock.reset();
    const res = await client.send(
      new InvokeModelCommand({
        modelId: `${COHERE_V3}~fault=429-once,retry_after=0`,
        body: JSON.stringify({ texts: ['hi'], input_type: 'search_query' }),
      }),
    );
    assert.equal(res.$metadata.attempts, 2);
    const json = JSON.parse(decoder.decode(res.body)) as Json;
    assert.equal(json['response_type'], 'embeddings_floats');
    assert.deepStrictEqual(
      mock.requests.map(r => [r.status, r.attempt, r.fault]),
      [
        [429, 0, '429'],
        [200, 1, undefined],
      ],
    );
  });

  void it('body faults: malformed is not JSON; cut and truncated drop the stream', async () => {
    const send = (scenario: string) =>
      once.send(
        new InvokeModelCommand({
          modelId: `${TITAN_V1}~${scenario}`,
          body: JSON.stringify({ inputText: 'hi' }),
        }),
      );
    const res = await send('malformed');
    assert.throws(() => JSON.parse(decoder.decode(res.body)), SyntaxError);
    for (const fault of ['cut', 'truncated']) {
      await assert.rejects(send(fault), {
        message: /^Stream closed with error code NGHTTP2_INTERNAL_ERROR\n/,
      });
    }
  });
});
