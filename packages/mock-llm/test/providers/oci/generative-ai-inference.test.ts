import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  expectedPieces,
  expectedText,
  expectedUsage,
  ociCohereUsage,
  ociUsage,
  startMockLlm,
  type MockLlm,
} from '../../../src/index.js';

/**
 * What the real oci-generativeaiinference client sent (`*-request.json`) and
 * answers it accepted, recorded for @x/llm-otel.
 */
const FIXTURES = new URL(
  '../../../../llm-otel/test/providers/oci/fixtures/',
  import.meta.url,
);
const fixture = (name: string): string =>
  readFileSync(new URL(name, FIXTURES), 'utf8');
const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));

/** The data of each SSE event (events split by blank lines or single newlines). */
function sseData(text: string): unknown[] {
  return text
    .split('\n')
    .filter(line => line.startsWith('data: '))
    .map(line => JSON.parse(line.slice(6)) as unknown);
}

/** Every key path of a JSON value; array items share `[]`. */
function paths(value: unknown, prefix = '', out = new Set<string>()) {
  if (Array.isArray(value)) {
    for (const item of value) paths(item, `${prefix}[]`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = prefix === '' ? k : `${prefix}.${k}`;
      out.add(p);
      paths(v, p, out);
    }
  }
  return out;
}

const sorted = (s: Set<string>): string[] => [...s].sort();
const union = (values: unknown[]): Set<string> => {
  const out = new Set<string>();
  for (const v of values) for (const p of paths(v)) out.add(p);
  return out;
};

const COMPARTMENT = 'ocid1.compartment.oc1..c';
const LLAMA = 'meta.llama-3.3-70b-instruct';

function genericBody(
  modelId: string,
  chat: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    compartmentId: COMPARTMENT,
    servingMode: { servingType: 'ON_DEMAND', modelId },
    chatRequest: {
      apiFormat: 'GENERIC',
      messages: [
        { role: 'USER', content: [{ type: 'TEXT', text: 'hello world' }] },
      ],
      ...chat,
    },
  };
}

void describe('OCI Generative AI inference wire format', () => {
  let mock: MockLlm;
  before(async () => {
    mock = await startMockLlm();
  });
  beforeEach(() => mock.reset());
  after(() => mock.close());

  const post = async (
    action: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${mock.url}/20231130/actions/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { res, text: await res.text() };
  };

  void it('answers the recorded requests with the field names of the recorded answers', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['chat', 'oci-chat-cohere-request.json', ['oci-chat-cohere.json']],
      ['chat', 'oci-chat-coherev2-request.json', ['oci-chat-coherev2.json']],
      ['embedText', 'oci-embed-request.json', ['oci-embed.json']],
      [
        'generateText',
        'oci-generate-cohere-request.json',
        ['oci-generate-cohere.json'],
      ],
      [
        'generateText',
        'oci-generate-llama-request.json',
        ['oci-generate-llama.json'],
      ],
    ];
    for (const [action, request, answers] of cases) {
      const { res, text } = await post(action, fixture(request));
      assert.equal(res.status, 200, request);
      assert.deepEqual(
        sorted(paths(JSON.parse(text))),
        sorted(union(answers.map(fixtureJson))),
        request,
      );
    }
    // GENERIC: the recorded text answer has no usage details, the recorded
    // tool-call answer has them (and reasoningContent).
    for (const request of [
      'oci-chat-generic-request.json',
      'oci-chat-generic-tools-request.json',
      'oci-chat-dedicated-request.json',
    ]) {
      const { res, text } = await post('chat', fixture(request));
      assert.equal(res.status, 200, request);
      const recorded = union([
        fixtureJson('oci-chat-generic.json'),
        fixtureJson('oci-chat-generic-tool-call.json'),
      ]);
      for (const p of paths(JSON.parse(text)))
        assert.ok(recorded.has(p), `${request}: ${p}`);
    }
  });

  void it('streams the recorded stream requests with the event fields of the recorded streams', async () => {
    const cases: Array<[string, string]> = [
      ['oci-chat-generic-stream-request.json', 'oci-chat-generic-stream.sse'],
      [
        'oci-chat-generic-stream-tool-calls-request.json',
        'oci-chat-generic-stream-tool-calls.sse',
      ],
      ['oci-chat-cohere-stream-request.json', 'oci-chat-cohere-stream.sse'],
      ['oci-chat-coherev2-stream-request.json', 'oci-chat-coherev2-stream.sse'],
    ];
    for (const [request, recorded] of cases) {
      const { res, text } = await post('chat', fixture(request));
      assert.equal(res.headers.get('content-type'), 'text/event-stream');
      assert.ok(!text.includes('[DONE]'));
      const fields = union(sseData(fixture(recorded)));
      const events = sseData(text);
      for (const p of union(events))
        assert.ok(fields.has(p), `${request}: ${p}`);
      // The recorded streams carry usage on their last event.
      assert.ok(
        (events.at(-1) as { usage?: unknown }).usage !== undefined,
        request,
      );
    }
  });

  void it('GENERIC stream: the usage event only with streamOptions.isIncludeUsage', async () => {
    const body = genericBody(`${LLAMA}~tokens=2,cache_read=3`, {
      isStream: true,
    });
    const plain = sseData((await post('chat', body)).text);
    assert.deepEqual(
      plain.map(e => {
        const { pad, ...rest } = e as Record<string, unknown>;
        assert.equal(typeof pad, 'string');
        return rest;
      }),
      [
        {
          index: 0,
          message: { role: 'ASSISTANT', content: [{ type: 'TEXT', text: '' }] },
        },
        ...expectedPieces({ scenario: 'tokens=2' }).map(text => ({
          index: 0,
          message: { role: 'ASSISTANT', content: [{ type: 'TEXT', text }] },
        })),
        {
          index: 0,
          message: { role: 'ASSISTANT', content: [{ type: 'TEXT', text: '' }] },
          finishReason: 'stop',
        },
      ],
    );
    const withUsage = sseData(
      (
        await post(
          'chat',
          genericBody(`${LLAMA}~tokens=2,cache_read=3`, {
            isStream: true,
            streamOptions: { isIncludeUsage: true },
          }),
        )
      ).text,
    );
    assert.deepEqual((withUsage.at(-1) as { usage: unknown }).usage, {
      promptTokens: 5,
      completionTokens: 2,
      totalTokens: 7,
      promptTokensDetails: { cachedTokens: 3 },
      completionTokensDetails: { reasoningTokens: 0 },
    });
    assert.deepEqual(
      ociUsage(expectedUsage({ body, scenario: 'tokens=2,cache_read=3' })),
      (withUsage.at(-1) as { usage: unknown }).usage,
    );
  });

  void it('numGenerations: one choice per generation, output tokens multiplied', async () => {
    const { text } = await post(
      'chat',
      genericBody(`${LLAMA}~tokens=2,reasoning=1`, { numGenerations: 3 }),
    );
    const chat = (
      JSON.parse(text) as {
        chatResponse: { choices: Array<{ index: number }>; usage: unknown };
      }
    ).chatResponse;
    assert.deepEqual(
      chat.choices.map(c => c.index),
      [0, 1, 2],
    );
    assert.deepEqual(chat.usage, {
      promptTokens: 2,
      completionTokens: 9,
      totalTokens: 11,
      promptTokensDetails: { cachedTokens: 0 },
      completionTokensDetails: { reasoningTokens: 3 },
    });
  });

  void it('tool choice NONE, tools=off and a FUNCTION toolChoice', async () => {
    const tools = [
      {
        type: 'FUNCTION',
        name: 'a',
        parameters: { properties: { x: { type: 'string' } } },
      },
      {
        type: 'FUNCTION',
        name: 'b',
        parameters: { properties: { y: { type: 'boolean' } } },
      },
    ];
    const answer = async (model: string, chat: Record<string, unknown>) => {
      const { text } = await post(
        'chat',
        genericBody(model, { tools, ...chat }),
      );
      const choice = (
        JSON.parse(text) as {
          chatResponse: {
            choices: Array<{
              finishReason: string;
              message: {
                toolCalls?: Array<{ name: string; arguments: string }>;
              };
            }>;
          };
        }
      ).chatResponse.choices[0];
      return [
        choice?.finishReason,
        choice?.message.toolCalls?.map(c => [c.name, c.arguments]),
      ];
    };
    assert.deepEqual(await answer(LLAMA, {}), [
      'tool_calls',
      [['a', '{"x":"mock"}']],
    ]);
    assert.deepEqual(
      await answer(LLAMA, { toolChoice: { type: 'FUNCTION', name: 'b' } }),
      ['tool_calls', [['b', '{"y":true}']]],
    );
    assert.deepEqual(await answer(LLAMA, { toolChoice: { type: 'NONE' } }), [
      'stop',
      undefined,
    ]);
    assert.deepEqual(await answer(`${LLAMA}~tools=off`, {}), [
      'stop',
      undefined,
    ]);
  });

  void it('COHERE and COHEREV2 streams: usage on the finish event even without streamOptions', async () => {
    const cohere = sseData(
      (
        await post('chat', {
          compartmentId: COMPARTMENT,
          servingMode: {
            servingType: 'ON_DEMAND',
            modelId: 'cohere.command-r~tokens=2',
          },
          chatRequest: {
            apiFormat: 'COHERE',
            message: 'hello world',
            isStream: true,
          },
        })
      ).text,
    );
    assert.deepEqual(cohere.at(-1), {
      apiFormat: 'COHERE',
      text: expectedText({ scenario: 'tokens=2' }),
      chatHistory: [
        { role: 'USER', message: 'hello world' },
        { role: 'CHATBOT', message: 'time call' },
      ],
      finishReason: 'COMPLETE',
      usage: { promptTokens: 2, completionTokens: 2, totalTokens: 4 },
      pad: (cohere.at(-1) as { pad: string }).pad,
    });
    const v2 = sseData(
      (
        await post('chat', {
          compartmentId: COMPARTMENT,
          servingMode: {
            servingType: 'ON_DEMAND',
            modelId: 'cohere.command-a~tokens=2',
          },
          chatRequest: {
            apiFormat: 'COHEREV2',
            messages: [
              {
                role: 'USER',
                content: [{ type: 'TEXT', text: 'hello world' }],
              },
            ],
            isStream: true,
          },
        })
      ).text,
    );
    assert.deepEqual(v2, [
      {
        apiFormat: 'COHEREV2',
        message: {
          role: 'ASSISTANT',
          content: [{ type: 'TEXT', text: 'time' }],
        },
      },
      {
        apiFormat: 'COHEREV2',
        message: {
          role: 'ASSISTANT',
          content: [{ type: 'TEXT', text: ' call' }],
        },
      },
      {
        apiFormat: 'COHEREV2',
        message: { role: 'ASSISTANT' },
        finishReason: 'COMPLETE',
        usage: ociCohereUsage(
          expectedUsage({
            scenario: 'tokens=2',
            body: { text: 'hello world' },
          }),
        ),
      },
    ]);
  });

  void it('COHEREV2 tool stream: the plan, the whole call, then TOOL_CALL', async () => {
    const { text } = await post('chat', {
      compartmentId: COMPARTMENT,
      servingMode: { servingType: 'ON_DEMAND', modelId: 'cohere.command-a' },
      chatRequest: {
        apiFormat: 'COHEREV2',
        messages: [{ role: 'USER', content: [{ type: 'TEXT', text: 'hi' }] }],
        tools: [
          {
            type: 'FUNCTION',
            function: {
              name: 'f',
              parameters: { properties: { n: { type: 'number' } } },
            },
          },
        ],
        isStream: true,
      },
    });
    const events = sseData(text) as Array<{
      message: Record<string, unknown>;
      finishReason?: string;
    }>;
    assert.deepEqual(
      events.map(e => [Object.keys(e.message), e.finishReason]),
      [
        [['role', 'toolPlan'], undefined],
        [['role', 'toolCalls'], undefined],
        [['role'], 'TOOL_CALL'],
      ],
    );
    assert.deepEqual(
      (events[1]?.message.toolCalls as Array<{ function: unknown }>)[0]
        ?.function,
      { name: 'f', arguments: '{"n":42}' },
    );
  });

  void it('errors are {code, message} with opc-request-id; 429 adds retry-after', async () => {
    const { res, text } = await post(
      'chat',
      genericBody(`${LLAMA}~429,retry_after=2`),
      {
        'opc-request-id': 'CLIENT-ID',
      },
    );
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.match(
      res.headers.get('opc-request-id') ?? '',
      /^CLIENT-ID\/[0-9A-F]{24}$/,
    );
    assert.deepEqual(JSON.parse(text), {
      code: 'TooManyRequests',
      message: 'Too many requests for the user',
    });
    const codes = async (model: string) => {
      const r = await post('chat', genericBody(model));
      return [r.res.status, (JSON.parse(r.text) as { code: string }).code];
    };
    assert.deepEqual(
      [
        await codes(`${LLAMA}~500`),
        await codes(`${LLAMA}~503`),
        await codes(`${LLAMA}~overloaded`),
      ],
      [
        [500, 'InternalServerError'],
        [503, 'ServiceUnavailable'],
        [503, 'ServiceUnavailable'],
      ],
    );
  });

  void it('the scenario can come from x-mock-scenario; a success carries opc-request-id too', async () => {
    const { res, text } = await post('chat', genericBody(LLAMA), {
      'x-mock-scenario': 'tokens=1',
    });
    assert.match(res.headers.get('opc-request-id') ?? '', /^[0-9A-F]{24}$/);
    const chat = (
      JSON.parse(text) as {
        chatResponse: {
          choices: Array<{ message: { content: Array<{ text: string }> } }>;
        };
      }
    ).chatResponse;
    assert.equal(chat.choices[0]?.message.content[0]?.text, 'time');
  });

  void it('bad requests: 400 CannotParseRequest, MissingParameter, InvalidParameter; unknown actions 404', async () => {
    const answer = async (action: string, body: unknown) => {
      const { res, text } = await post(action, body);
      return [res.status, JSON.parse(text) as unknown];
    };
    assert.deepEqual(await answer('chat', '{"compartmentId":'), [
      400,
      {
        code: 'CannotParseRequest',
        message:
          'Incorrectly formatted request. Please refer to the documentation and try again.',
      },
    ]);
    assert.deepEqual(
      await answer('chat', { servingMode: { modelId: LLAMA } }),
      [
        400,
        {
          code: 'MissingParameter',
          message: 'Missing required parameter: compartmentId',
        },
      ],
    );
    assert.deepEqual(
      await answer('chat', {
        compartmentId: COMPARTMENT,
        servingMode: { modelId: LLAMA },
      }),
      [
        400,
        {
          code: 'MissingParameter',
          message: 'Missing required parameter: chatRequest',
        },
      ],
    );
    assert.deepEqual(
      await answer('chat', genericBody(LLAMA, { apiFormat: 'OPENAI' })),
      [
        400,
        {
          code: 'InvalidParameter',
          message:
            'chatRequest.apiFormat must be one of GENERIC, COHERE, COHEREV2',
        },
      ],
    );
    assert.deepEqual(
      await answer('embedText', {
        compartmentId: COMPARTMENT,
        servingMode: { modelId: 'e' },
      }),
      [
        400,
        {
          code: 'InvalidParameter',
          message: 'inputs must be a non-empty array of strings',
        },
      ],
    );
    assert.deepEqual(
      await answer('generateText', {
        compartmentId: COMPARTMENT,
        servingMode: { modelId: 'g' },
        inferenceRequest: { runtimeType: 'OPENAI', prompt: 'x' },
      }),
      [
        400,
        {
          code: 'InvalidParameter',
          message: 'inferenceRequest.runtimeType must be one of COHERE, LLAMA',
        },
      ],
    );
    assert.deepEqual(await answer('summarizeText', {}), [
      404,
      {
        code: 'NotAuthorizedOrNotFound',
        message: 'Authorization failed or requested resource not found.',
      },
    ]);
    assert.deepEqual(mock.requests.map(r => [r.provider, r.status]).at(-1), [
      undefined,
      404,
    ]);
  });

  void it('malformed: the first text event of a stream does not parse', async () => {
    const { res, text } = await post(
      'chat',
      genericBody(`${LLAMA}~malformed,tokens=2`, { isStream: true }),
    );
    assert.equal(res.status, 200);
    const lines = text.split('\n').filter(l => l.startsWith('data: '));
    assert.doesNotThrow(() => JSON.parse(lines[0]?.slice(6) ?? ''));
    assert.throws(() => JSON.parse(lines[1]?.slice(6) ?? ''));
  });
});
