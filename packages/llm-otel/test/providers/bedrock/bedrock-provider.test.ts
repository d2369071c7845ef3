// Fixtures were encoded from payloads shaped on AWS's documented examples
// (padding field "p" included) with @x/mock-llm's event-stream encoder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bedrockProvider } from '../../../src/providers/bedrock/index.js';
import type {
  MatchOptions,
  ProviderMatch,
  RequestFacts,
  ResponseMeta,
} from '../../../src/providers/types.js';
import {
  NO_CONTENT,
  WITH_CONTENT,
  feed,
  fixture,
  parseAllSplits,
  responseParser,
} from '../parse-helpers.js';
import type { Exchange } from '../parse-helpers.js';

const NONE: MatchOptions = { openAICompatibleBaseUrls: [] };
const REGION = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const ENCODED = encodeURIComponent(MODEL);

function match(
  url: string,
  headers: Record<string, string> = {},
  options: MatchOptions = NONE,
  method = 'POST',
): ProviderMatch | undefined {
  return bedrockProvider.match(method, new URL(url), headers, options);
}

function exchange(op: string, request: RequestFacts = {}): Exchange {
  const m = match(`${REGION}/model/${ENCODED}/${op}`);
  assert.ok(m);
  return { module: bedrockProvider, match: m, request };
}

const STREAM: ResponseMeta = {
  status: 200,
  headers: {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
  },
};
const JSON_OK: ResponseMeta = {
  status: 200,
  headers: {
    'content-type': 'application/json',
    'x-amzn-requestid': 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
  },
};

void describe('Bedrock match', () => {
  void it('matches the four operations on regional, FIPS, China and VPC endpoint hosts', () => {
    const base = {
      provider: 'aws.bedrock',
      operation: 'chat',
      model: MODEL,
      confirmByBody: false,
    };
    assert.deepStrictEqual(match(`${REGION}/model/${ENCODED}/converse`), {
      ...base,
      api: 'bedrock.converse',
    });
    assert.deepStrictEqual(
      match(
        `https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com/model/${ENCODED}/converse-stream`,
      ),
      { ...base, api: 'bedrock.converse', streamFromUrl: true },
    );
    assert.deepStrictEqual(
      match(
        `https://bedrock-runtime.cn-north-1.amazonaws.com.cn/model/${ENCODED}/invoke`,
      ),
      { ...base, api: 'bedrock.invoke' },
    );
    assert.deepStrictEqual(
      match(
        `https://vpce-0a1b2c3d-4e5f.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/${ENCODED}/invoke-with-response-stream`,
      ),
      { ...base, api: 'bedrock.invoke', streamFromUrl: true },
    );
  });

  void it('URL-decodes model ARNs and inference profiles', () => {
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3';
    assert.equal(
      match(`${REGION}/model/${encodeURIComponent(arn)}/converse`)?.model,
      arn,
    );
  });

  void it('ignores other paths, methods and hosts', () => {
    assert.equal(match(`${REGION}/model/${ENCODED}/count-tokens`), undefined);
    assert.equal(match(`${REGION}/guardrail/g1/version/1/apply`), undefined);
    assert.equal(
      match(`${REGION}/model/${ENCODED}/converse`, {}, NONE, 'GET'),
      undefined,
    );
    assert.equal(
      match(`http://127.0.0.1:8080/model/${ENCODED}/converse`),
      undefined,
    );
    assert.equal(
      match(
        `https://bedrock.us-east-1.amazonaws.com/model/${ENCODED}/converse`,
      ),
      undefined,
    );
  });

  void it('matches any host under a base URL the user declared', () => {
    const options = {
      openAICompatibleBaseUrls: [new URL('http://127.0.0.1:8080/bedrock/')],
    };
    assert.equal(
      match(`http://127.0.0.1:8080/bedrock/model/m1/converse`, {}, options)
        ?.model,
      'm1',
    );
    assert.equal(
      match(`http://127.0.0.1:8080/other/model/m1/converse`, {}, options),
      undefined,
    );
    assert.equal(
      match(`http://127.0.0.1:9090/bedrock/model/m1/converse`, {}, options),
      undefined,
    );
  });

  void it('matches any host when the request is SigV4-signed for bedrock', () => {
    const signed = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc',
    };
    assert.equal(
      match('http://127.0.0.1:8080/model/m1/invoke', signed)?.api,
      'bedrock.invoke',
    );
    assert.equal(
      match('http://127.0.0.1:8080/model/m1/invoke', {
        authorization: signed.authorization.replace('/bedrock/', '/s3/'),
      }),
      undefined,
    );
  });
});

void describe('Bedrock Converse request', () => {
  const body = JSON.stringify({
    messages: [
      { role: 'user', content: [{ text: 'Weather in Seattle?' }] },
      {
        role: 'assistant',
        content: [
          {
            toolUse: {
              toolUseId: 'tooluse_1',
              name: 'get_weather',
              input: { city: 'Seattle' },
            },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            toolResult: {
              toolUseId: 'tooluse_1',
              content: [{ json: { tempC: 12 } }],
            },
          },
          { image: { format: 'png', source: { bytes: 'iVBORw0K' } } },
          { cachePoint: { type: 'default' } },
        ],
      },
    ],
    system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }],
    inferenceConfig: {
      maxTokens: 512,
      temperature: 0.5,
      topP: 0.9,
      stopSequences: ['END'],
    },
    additionalModelRequestFields: { top_k: 40 },
    toolConfig: {
      tools: [
        {
          toolSpec: {
            name: 'get_weather',
            inputSchema: { json: { type: 'object' } },
          },
        },
      ],
    },
    guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1' },
  });

  void it('reads parameters from inferenceConfig and the model from the URL', () => {
    const { match: m } = exchange('converse');
    assert.deepStrictEqual(bedrockProvider.parseRequest(m, body, NO_CONTENT), {
      model: MODEL,
      maxTokens: 512,
      temperature: 0.5,
      topP: 0.9,
      stopSequences: ['END'],
      topK: 40,
    });
  });

  void it('reads messages, system text and tools when content capture is on', () => {
    const { match: m } = exchange('converse-stream');
    const facts = bedrockProvider.parseRequest(m, body, WITH_CONTENT);
    assert.deepStrictEqual(facts?.inputMessages, [
      {
        role: 'user',
        parts: [{ type: 'text', content: 'Weather in Seattle?' }],
      },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'tooluse_1',
            name: 'get_weather',
            arguments: { city: 'Seattle' },
          },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            type: 'tool_call_response',
            id: 'tooluse_1',
            response: [{ json: { tempC: 12 } }],
          },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/png',
            content: 'iVBORw0K',
          },
        ],
      },
    ]);
    assert.deepStrictEqual(facts?.systemInstructions, [
      { type: 'text', content: 'Be brief.' },
    ]);
    assert.deepStrictEqual(facts?.toolDefinitions, [
      { type: 'function', name: 'get_weather' },
    ]);
    assert.equal(facts?.stream, true);
  });

  void it('keeps the URL facts for a body it cannot read', () => {
    const { match: m } = exchange('converse-stream');
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(m, '{not json', NO_CONTENT),
      { model: MODEL, stream: true },
    );
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(m, undefined, NO_CONTENT),
      { model: MODEL, stream: true },
    );
  });
});

void describe('Bedrock Converse response', () => {
  void it('reads a non-stream answer with cache reads (input includes the cache)', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse'), JSON_OK, WITH_CONTENT),
      fixture('bedrock', 'converse-text-cache-read.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
        finishReasons: ['end_turn'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Paris is the capital of France.' },
            ],
            finish_reason: 'end_turn',
          },
        ],
        usage: {
          inputTokens: 22 + 1160,
          outputTokens: 9,
          cacheReadInputTokens: 1160,
          cacheWriteInputTokens: 0,
        },
      },
    });
  });

  void it('reads a non-stream tool use', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse'), JSON_OK, WITH_CONTENT),
      fixture('bedrock', 'converse-tool-use.json'),
    );
    assert.deepStrictEqual(got.facts.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Let me check the weather.' },
          {
            type: 'tool_call',
            id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
            name: 'get_weather',
            arguments: { city: 'Seattle' },
          },
        ],
        finish_reason: 'tool_use',
      },
    ]);
    assert.deepStrictEqual(got.facts.usage, {
      inputTokens: 402,
      outputTokens: 56,
    });
  });

  void it('reads a ConverseStream with a cache write under every byte split', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM, WITH_CONTENT),
      fixture('bedrock', 'converse-stream-text-cache-write.eventstream'),
    );
    assert.deepStrictEqual(got, {
      chunks: 6,
      facts: {
        complete: true,
        responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
        usage: {
          inputTokens: 22 + 1160,
          outputTokens: 17,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 1160,
        },
        finishReasons: ['end_turn'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              {
                type: 'text',
                content:
                  'The capital of France is Paris. It has been the capital since 987 AD.',
              },
            ],
            finish_reason: 'end_turn',
          },
        ],
      },
    });
  });

  void it('marks a stream with a frame that fails its CRC malformed, unless the body was cut', () => {
    const bytes = Uint8Array.from(
      fixture('bedrock', 'converse-stream-text-then-tool-use.eventstream'),
    );
    // A byte of the second frame's payload, changed in transit.
    const firstLength = new DataView(bytes.buffer).getUint32(0);
    bytes[firstLength + 20] = (bytes[firstLength + 20]! + 1) % 256;
    const whole = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM),
      bytes,
    );
    const cut = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM),
      bytes,
      true,
    );
    assert.deepStrictEqual(
      [whole.facts.malformed, whole.facts.complete, cut.facts.malformed],
      [true, false, undefined],
    );
  });

  void it('reads text then a streamed tool call', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM, WITH_CONTENT),
      fixture('bedrock', 'converse-stream-text-then-tool-use.eventstream'),
    );
    assert.equal(got.chunks, 5);
    assert.deepStrictEqual(got.facts.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'I will look up the weather.' },
          {
            type: 'tool_call',
            id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
            name: 'get_weather',
            arguments: { city: 'Seattle' },
          },
        ],
        finish_reason: 'tool_use',
      },
    ]);
    assert.deepStrictEqual(got.facts.usage, {
      inputTokens: 402,
      outputTokens: 56,
    });
  });

  void it('reports an exception inside the stream as the error type', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM, NO_CONTENT),
      fixture('bedrock', 'converse-stream-throttling-exception.eventstream'),
    );
    assert.deepStrictEqual(got, {
      chunks: 1,
      facts: {
        complete: false,
        responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
        errorType: 'ThrottlingException',
        finishReasons: ['error'],
      },
    });
  });

  void it('reports a cut stream as incomplete with finish reason error', () => {
    const bytes = fixture(
      'bedrock',
      'converse-stream-text-cache-write.eventstream',
    );
    const got = parseAllSplits(
      responseParser(exchange('converse-stream'), STREAM, NO_CONTENT),
      bytes.subarray(0, 700),
      true,
    );
    assert.deepStrictEqual(got.facts, {
      complete: false,
      responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
      finishReasons: ['error'],
    });
  });
});

void describe('Bedrock InvokeModel', () => {
  const anthropicBody = JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 300,
    temperature: 0.2,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Hello' }],
  });

  void it('reads an Anthropic request body with the model from the URL', () => {
    const { match: m } = exchange('invoke-with-response-stream');
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(m, anthropicBody, NO_CONTENT),
      { model: MODEL, maxTokens: 300, temperature: 0.2, stream: true },
    );
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(m, anthropicBody, WITH_CONTENT)
        ?.systemInstructions,
      [{ type: 'text', content: 'Be brief.' }],
    );
  });

  void it('reads Llama, Titan and Nova parameters', () => {
    const m = match(`${REGION}/model/meta.llama3-70b-instruct-v1%3A0/invoke`);
    assert.ok(m);
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(
        m,
        '{"prompt":"hi","max_gen_len":128,"temperature":0.1,"top_p":0.8}',
        NO_CONTENT,
      ),
      {
        model: 'meta.llama3-70b-instruct-v1:0',
        maxTokens: 128,
        temperature: 0.1,
        topP: 0.8,
      },
    );
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(
        m,
        '{"inputText":"hi","textGenerationConfig":{"maxTokenCount":64,"stopSequences":["User:"]}}',
        NO_CONTENT,
      ),
      {
        model: 'meta.llama3-70b-instruct-v1:0',
        maxTokens: 64,
        stopSequences: ['User:'],
      },
    );
    assert.deepStrictEqual(
      bedrockProvider.parseRequest(
        m,
        '{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"max_new_tokens":10,"topK":5}}',
        NO_CONTENT,
      ),
      { model: 'meta.llama3-70b-instruct-v1:0', maxTokens: 10, topK: 5 },
    );
  });

  void it('reads an Anthropic body: its id, model and usage', () => {
    const got = parseAllSplits(
      responseParser(exchange('invoke'), {
        status: 200,
        headers: {
          ...JSON_OK.headers,
          'x-amzn-bedrock-input-token-count': '12',
          'x-amzn-bedrock-output-token-count': '12',
        },
      }),
      fixture('bedrock', 'invoke-anthropic-message.json'),
    );
    assert.deepStrictEqual(got, {
      chunks: 0,
      facts: {
        complete: true,
        responseId: 'msg_bdrk_01Xj3hQ7mT2vF6pZkWcE8rNa',
        responseModel: 'claude-3-5-haiku-20241022',
        finishReasons: ['end_turn'],
        usage: {
          inputTokens: 12,
          outputTokens: 12,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      },
    });
  });

  void it('takes usage from the count headers when the body has none (Llama)', () => {
    const got = parseAllSplits(
      responseParser(exchange('invoke'), {
        status: 200,
        headers: {
          ...JSON_OK.headers,
          'x-amzn-bedrock-input-token-count': '17',
          'x-amzn-bedrock-output-token-count': '9',
          'x-amzn-bedrock-cache-read-input-token-count': '3',
        },
      }),
      Buffer.from('{"generation":"Paris.","stop_reason":"stop"}'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
      finishReasons: ['stop'],
      usage: { inputTokens: 20, outputTokens: 9, cacheReadInputTokens: 3 },
    });
    const llama = parseAllSplits(
      responseParser(exchange('invoke'), JSON_OK),
      fixture('bedrock', 'invoke-llama-generation.json'),
    );
    assert.deepStrictEqual(llama.facts.usage, {
      inputTokens: 17,
      outputTokens: 9,
    });
  });

  void it('calls a JSON body that does not parse malformed, keeping the usage Bedrock counted in its headers', () => {
    const billed: ResponseMeta = {
      status: 200,
      headers: {
        ...JSON_OK.headers,
        'x-amzn-bedrock-input-token-count': '5',
        'x-amzn-bedrock-output-token-count': '8',
      },
    };
    const garbled = Buffer.from('{"id":"msg_bdrk_1","type":"message","cont');
    const facts = (meta: ResponseMeta, cut = false) =>
      feed(responseParser(exchange('invoke'), meta)(), [garbled], cut).facts;
    assert.deepStrictEqual(
      [
        facts(billed),
        facts(billed, true),
        // A body of another type, asked for with `accept`, is not judged.
        facts({
          ...billed,
          headers: { ...billed.headers, 'content-type': 'image/png' },
        }),
      ],
      [
        {
          complete: false,
          malformed: true,
          responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
          usage: { inputTokens: 5, outputTokens: 8 },
        },
        {
          complete: false,
          responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
          usage: { inputTokens: 5, outputTokens: 8 },
        },
        {
          complete: false,
          responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
          usage: { inputTokens: 5, outputTokens: 8 },
        },
      ],
    );
  });

  void it('reads Anthropic events inside chunk.bytes under every byte split', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('invoke-with-response-stream'),
        STREAM,
        WITH_CONTENT,
      ),
      fixture(
        'bedrock',
        'invoke-stream-anthropic-tool-use-cache-read.eventstream',
      ),
    );
    assert.deepStrictEqual(got, {
      chunks: 4,
      facts: {
        complete: true,
        responseId: 'msg_bdrk_01TtqT5xQXGvYk1RZRxzXhDd',
        responseModel: 'claude-sonnet-4-20250514',
        usage: {
          inputTokens: 14 + 2048,
          outputTokens: 41,
          cacheReadInputTokens: 2048,
          cacheWriteInputTokens: 0,
        },
        finishReasons: ['tool_use'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Checking now.' },
              {
                type: 'tool_call',
                id: 'toolu_bdrk_01A9tq2c8QnKxUuG3c3s1mXv',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
            finish_reason: 'tool_use',
          },
        ],
      },
    });
  });

  void it('reads a Nova stream with usage from the invocation metrics', () => {
    const got = parseAllSplits(
      responseParser(
        exchange('invoke-with-response-stream'),
        STREAM,
        WITH_CONTENT,
      ),
      fixture('bedrock', 'invoke-stream-nova-text.eventstream'),
    );
    assert.deepStrictEqual(got, {
      chunks: 2,
      facts: {
        complete: true,
        finishReasons: ['end_turn'],
        outputMessages: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'Hello there!' }],
            finish_reason: 'end_turn',
          },
        ],
        usage: { inputTokens: 5, outputTokens: 3 },
        responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
      },
    });
  });
});

void describe('Bedrock errors', () => {
  void it('takes the exception name from x-amzn-errortype', () => {
    const got = parseAllSplits(
      responseParser(exchange('converse'), {
        status: 429,
        headers: {
          'content-type': 'application/json',
          'x-amzn-requestid': 'r-1',
          'x-amzn-errortype':
            'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
        },
      }),
      fixture('bedrock', 'error-throttling.json'),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      responseId: 'r-1',
      errorType: 'ThrottlingException',
    });
  });

  void it('falls back to the body __type', () => {
    const got = parseAllSplits(
      responseParser(exchange('invoke'), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      }),
      Buffer.from(
        '{"__type":"com.amazon.bedrock#ValidationException","message":"bad"}',
      ),
    );
    assert.deepStrictEqual(got.facts, {
      complete: true,
      errorType: 'ValidationException',
    });
  });
});

void describe('Bedrock embedding models (InvokeModel)', () => {
  const TITAN = 'amazon.titan-embed-text-v2:0';
  const COHERE = 'cohere.embed-english-v3';
  const embedExchange = (model: string): Exchange => {
    const m = match(`${REGION}/model/${encodeURIComponent(model)}/invoke`);
    assert.ok(m);
    return { module: bedrockProvider, match: m, request: {} };
  };
  const counted = (input: string): ResponseMeta => ({
    status: 200,
    headers: {
      ...JSON_OK.headers,
      'x-amzn-bedrock-input-token-count': input,
      'x-amzn-bedrock-output-token-count': '0',
    },
  });

  void it('are embeddings by their model id, on InvokeModel only', () => {
    const op = (model: string, action: string) =>
      match(`${REGION}/model/${encodeURIComponent(model)}/${action}`)
        ?.operation;
    assert.deepStrictEqual(
      [
        op(TITAN, 'invoke'),
        op(COHERE, 'invoke'),
        op('amazon.titan-embed-text-v1', 'invoke'),
        op(MODEL, 'invoke'),
        op(TITAN, 'converse'),
      ],
      ['embeddings', 'embeddings', 'embeddings', 'chat', 'chat'],
    );
  });

  void it('read the embedding types asked for, and no sampling parameters', () => {
    const parse = (model: string, body: unknown) => {
      const { match: m } = embedExchange(model);
      return bedrockProvider.parseRequest(m, JSON.stringify(body), NO_CONTENT);
    };
    assert.deepStrictEqual(
      [
        parse(TITAN, {
          inputText: 'hello world',
          dimensions: 256,
          embeddingTypes: ['float'],
        }),
        parse(COHERE, {
          texts: ['hello world', 'goodbye'],
          input_type: 'search_document',
          embedding_types: ['float', 'int8'],
        }),
        parse(COHERE, { texts: ['hello world'], input_type: 'search_query' }),
      ],
      [
        { model: TITAN, encodingFormats: ['float'] },
        { model: COHERE, encodingFormats: ['float', 'int8'] },
        { model: COHERE },
      ],
    );
  });

  void it('read the dimension and the input tokens of Titan and Cohere answers', () => {
    const facts = (model: string, meta: ResponseMeta, file: string) =>
      parseAllSplits(
        responseParser(embedExchange(model), meta),
        fixture('bedrock', file),
      );
    assert.deepStrictEqual(
      [
        facts(TITAN, counted('7'), 'invoke-titan-embed-v2-256.json'),
        // Without the count header, Titan's own count.
        facts(TITAN, JSON_OK, 'invoke-titan-embed-v2-256.json'),
        facts(COHERE, counted('4'), 'invoke-cohere-embed-by-type.json'),
        facts(COHERE, counted('2'), 'invoke-cohere-embed-floats.json'),
      ],
      [
        {
          chunks: 0,
          facts: {
            complete: true,
            embeddingsDimension: 256,
            responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
            usage: { inputTokens: 7 },
          },
        },
        {
          chunks: 0,
          facts: {
            complete: true,
            embeddingsDimension: 256,
            responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
            usage: { inputTokens: 7 },
          },
        },
        {
          chunks: 0,
          facts: {
            complete: true,
            embeddingsDimension: 1024,
            responseId: '6f4a0e5e-3a1c-4f55-9c8e-2d7b1a9c0e11',
            usage: { inputTokens: 4 },
          },
        },
        {
          chunks: 0,
          facts: {
            complete: true,
            embeddingsDimension: 1024,
            responseId: '0b2c1d3e-4f50-4a61-8b72-93a4b5c6d7e8',
            usage: { inputTokens: 2 },
          },
        },
      ],
    );
  });

  void it('read a large answer in windows, and call a body that is not JSON malformed (keeping the billed count and the request id)', () => {
    const vector = `[${Array.from({ length: 1024 }, (_, i) => (i % 7) / 10 - 0.3).join(',')}]`;
    const large = `{"id":"emb-large","texts":[],"embeddings":{"float":[${Array.from({ length: 96 }, () => vector).join(',')}]},"response_type":"embeddings_by_type"}`;
    assert.ok(large.length > 256 * 1024);
    const parsed = (meta: ResponseMeta, text: string, cut = false) =>
      feed(
        responseParser(embedExchange(COHERE), meta)(),
        [new TextEncoder().encode(text)],
        cut,
      ).facts;
    assert.deepStrictEqual(
      [
        parsed(counted('96'), large),
        parsed(JSON_OK, '<html>bad gateway</html>'),
        parsed(counted('2'), '<html>bad gateway</html>'),
      ],
      [
        {
          complete: true,
          embeddingsDimension: 1024,
          responseId: 'emb-large',
          usage: { inputTokens: 96 },
        },
        {
          complete: false,
          malformed: true,
          responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
        },
        {
          complete: false,
          malformed: true,
          responseId: 'b2b1c0a4-2c3e-4a77-9d5e-6f1d2a3b4c5d',
          usage: { inputTokens: 2 },
        },
      ],
    );
  });
});
