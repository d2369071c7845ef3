// node:http2 capture under the real @aws-sdk/client-bedrock-runtime (which
// uses node:http2 by default) against @x/mock-llm, with the Bedrock parser
// reading what capture reported.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { startMockLlm } from '../../../mock-llm/src/index.js';
import type { MockLlm } from '../../../mock-llm/src/index.js';
import type {
  ExchangeRecorder,
  ExchangeSink,
  FailReason,
  OutgoingRequest,
} from '../../src/capture/exchange.js';
import { enableHttp2Capture } from '../../src/capture/http2-client.js';
import { bedrockProvider } from '../../src/providers/bedrock/index.js';
import type { ResponseFacts } from '../../src/providers/types.js';
import { eventually } from './fake-recorder.js';

interface Logged {
  readonly request: OutgoingRequest;
  readonly calls: string[];
  readonly requestBody: Buffer[];
  readonly chunks: Buffer[];
  status?: number;
  headers?: Readonly<Record<string, string>>;
  failure?: FailReason;
}

/** Logs every exchange on /model/ paths (the Bedrock API). */
class LogRecorder implements ExchangeRecorder {
  readonly exchanges: Logged[] = [];
  begin(request: OutgoingRequest): ExchangeSink | undefined {
    if (!request.url.pathname.startsWith('/model/')) return undefined;
    const x: Logged = { request, calls: [], requestBody: [], chunks: [] };
    this.exchanges.push(x);
    return {
      requestBody: c => {
        x.calls.push('requestBody');
        x.requestBody.push(Buffer.from(c));
      },
      requestBodyEnd: () => x.calls.push('requestBodyEnd'),
      responseHeaders: (status, headers) => {
        x.calls.push(`responseHeaders ${status}`);
        x.status = status;
        x.headers = typeof headers === 'function' ? headers() : headers;
      },
      responseChunk: c => {
        if (x.calls.at(-1) !== 'chunk*') x.calls.push('chunk*');
        x.chunks.push(Buffer.from(c));
      },
      responseBodyHidden: () => x.calls.push('bodyHidden'),
      end: () => x.calls.push('end'),
      fail: reason => {
        x.calls.push(`fail ${reason}`);
        x.failure = reason;
      },
    };
  }
}

/** What the recorder would learn: match, request facts and response facts. */
function parse(x: Logged): { model?: string; facts: ResponseFacts } {
  const match = bedrockProvider.match(
    x.request.method,
    x.request.url,
    x.request.headers,
    { openAICompatibleBaseUrls: [] },
  );
  assert.ok(match, 'SigV4-signed bedrock request on a loopback host matches');
  const request = bedrockProvider.parseRequest(
    match,
    Buffer.concat(x.requestBody),
    { captureContent: false },
  );
  assert.ok(request);
  const parser = bedrockProvider.createResponseParser(
    match,
    request,
    { status: x.status ?? 0, headers: x.headers ?? {} },
    { captureContent: false },
  );
  for (const c of x.chunks) parser.push(c);
  return {
    ...(request.model === undefined ? {} : { model: request.model }),
    facts: parser.finish(x.failure !== undefined),
  };
}

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HELLO = {
  messages: [
    { role: 'user' as const, content: [{ text: 'Say hello to the world' }] },
  ],
};

void describe('node:http2 capture with the real AWS Bedrock Runtime SDK', () => {
  const recorder = new LogRecorder();
  let mock: MockLlm;
  let client: BedrockRuntimeClient;
  let disable: (() => void) | undefined;
  const on = (): void => {
    disable ??= enableHttp2Capture(recorder);
  };
  const off = (): void => {
    disable?.();
    disable = undefined;
  };

  before(async () => {
    mock = await startMockLlm();
    client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  });
  after(async () => {
    off();
    client.destroy();
    await mock.close();
  });
  beforeEach(() => {
    off();
    recorder.exchanges.length = 0;
    mock.reset();
  });

  void it('reports a Converse call whole, and the parser reads its usage', async () => {
    on();
    const res = await client.send(
      new ConverseCommand({ modelId: HAIKU, ...HELLO }),
    );
    assert.equal(recorder.exchanges.length, 1);
    const x = recorder.exchanges[0] as Logged;
    assert.equal(x.request.layer, 'http2');
    assert.equal(x.request.method, 'POST');
    assert.equal(
      x.request.url.href,
      `${mock.url}/model/${encodeURIComponent(HAIKU)}/converse`,
    );
    assert.equal(x.request.headers['amz-sdk-request'], 'attempt=1; max=3');
    assert.match(
      x.request.headers['authorization'] ?? '',
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    assert.deepStrictEqual(x.calls, [
      'requestBody',
      'requestBodyEnd',
      'responseHeaders 200',
      'chunk*',
      'end',
    ]);
    assert.deepStrictEqual(
      JSON.parse(Buffer.concat(x.requestBody).toString()),
      mock.requests[0]?.json,
    );
    assert.deepStrictEqual(parse(x), {
      model: HAIKU,
      facts: {
        complete: true,
        responseId: res.$metadata.requestId,
        finishReasons: ['end_turn'],
        usage: { inputTokens: 5, outputTokens: 8 },
      },
    });
  });

  void it('does not interfere with ConverseStream: identical events with capture on and off', async () => {
    const run = async (): Promise<ConverseStreamOutput[]> => {
      const res = await client.send(
        new ConverseStreamCommand({
          modelId: `${HAIKU}~cache_read=30`,
          ...HELLO,
        }),
      );
      const events: ConverseStreamOutput[] = [];
      for await (const e of res.stream ?? []) events.push(e);
      return events;
    };
    const plain = await run();
    on();
    const captured = await run();
    assert.deepStrictEqual(captured, plain);
    assert.equal(plain.length, 12);
    const x = recorder.exchanges[0] as Logged;
    assert.equal(
      x.headers?.['content-type'],
      'application/vnd.amazon.eventstream',
    );
    assert.deepStrictEqual(parse(x).facts, {
      complete: true,
      responseId: x.headers?.['x-amzn-requestid'],
      finishReasons: ['end_turn'],
      usage: {
        inputTokens: 35,
        outputTokens: 8,
        cacheReadInputTokens: 30,
        cacheWriteInputTokens: 0,
      },
    });
  });

  void it('reports InvokeModelWithResponseStream and the Anthropic usage inside chunk bytes', async () => {
    on();
    const res = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: HAIKU,
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 64,
          messages: [{ role: 'user', content: 'hi there' }],
        }),
      }),
    );
    let n = 0;
    for await (const part of res.body ?? []) if (part.chunk !== undefined) n++;
    assert.equal(n, 13);
    const x = recorder.exchanges[0] as Logged;
    const got = parse(x);
    assert.match(got.facts.responseId ?? '', /^msg_bdrk_[0-9a-f]{24}$/);
    assert.deepStrictEqual(got, {
      model: HAIKU,
      facts: {
        complete: true,
        responseId: got.facts.responseId,
        responseModel: 'claude-3-haiku-20240307',
        finishReasons: ['end_turn'],
        usage: {
          inputTokens: 2,
          outputTokens: 8,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
        },
      },
    });
  });

  void it('reports each attempt of a throttled-then-retried call', async () => {
    on();
    await client.send(
      new ConverseCommand({
        modelId: `${HAIKU}~fault=429-once,retry_after=0`,
        ...HELLO,
      }),
    );
    assert.deepStrictEqual(
      recorder.exchanges.map(x => [
        x.request.headers['amz-sdk-request'],
        x.calls.at(-1),
        x.status,
        parse(x).facts.errorType,
      ]),
      [
        ['attempt=1; max=3', 'end', 429, 'ThrottlingException'],
        ['attempt=2; max=3', 'end', 200, undefined],
      ],
    );
  });

  void it('reports an abort by the app mid-stream as abort, and does not interfere with the app error', async () => {
    const run = async (): Promise<{ name: string; events: number }> => {
      const controller = new AbortController();
      let events = 0;
      try {
        const res = await client.send(
          new ConverseStreamCommand({
            modelId: `${HAIKU}~chunk_delay=20,tokens=40`,
            ...HELLO,
          }),
          { abortSignal: controller.signal },
        );
        for await (const event of res.stream ?? []) {
          if (event.$unknown === undefined && ++events === 3)
            controller.abort();
        }
        return { name: 'none', events };
      } catch (error) {
        return { name: (error as Error).name, events };
      }
    };
    const plain = await run();
    on();
    const captured = await run();
    assert.deepStrictEqual(captured, plain);
    // The SDK ends the event iteration quietly when its abortSignal fires
    // mid-stream; capture must keep exactly that.
    assert.deepStrictEqual(plain, { name: 'none', events: 3 });
    const x = recorder.exchanges[0] as Logged;
    await eventually(() => x.failure !== undefined);
    assert.equal(x.calls.at(-1), 'fail abort');
    assert.deepStrictEqual(parse(x).facts.finishReasons, ['error']);
  });
  void it('reports a stream the server cuts as network, and does not interfere with the app error', async () => {
    const once = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: mock.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const run = async (): Promise<{ error: string; events: number }> => {
      let events = 0;
      try {
        const res = await once.send(
          new ConverseStreamCommand({
            modelId: `${HAIKU}~fault=cut`,
            ...HELLO,
          }),
        );
        for await (const event of res.stream ?? []) {
          if (event.$unknown === undefined) events++;
        }
        return { error: 'none', events };
      } catch (error) {
        return { error: (error as Error).message, events };
      }
    };
    try {
      const plain = await run();
      on();
      const captured = await run();
      assert.deepStrictEqual(captured, plain);
      assert.notEqual(plain.error, 'none');
      const x = recorder.exchanges[0] as Logged;
      await eventually(() => x.failure !== undefined);
      assert.equal(x.calls.at(-1), 'fail network');
      assert.deepStrictEqual(parse(x).facts, {
        complete: false,
        responseId: x.headers?.['x-amzn-requestid'],
        finishReasons: ['error'],
      });
    } finally {
      once.destroy();
    }
  });

  void it('reports the SDK request timeout as timeout, and does not interfere with the app error', async () => {
    // A client per run: sessions opened before capture is on stay unobserved.
    const run = async (): Promise<string> => {
      const impatient = new BedrockRuntimeClient({
        region: 'us-east-1',
        endpoint: mock.url,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1,
        requestHandler: { requestTimeout: 50 },
      });
      try {
        await impatient.send(
          new ConverseCommand({ modelId: `${HAIKU}~latency=400`, ...HELLO }),
        );
        return 'none';
      } catch (error) {
        return (error as Error).name;
      } finally {
        impatient.destroy();
      }
    };
    {
      const plain = await run();
      on();
      const captured = await run();
      assert.equal(captured, plain);
      assert.equal(plain, 'TimeoutError');
      const x = recorder.exchanges[0] as Logged;
      await eventually(() => x.failure !== undefined);
      assert.deepStrictEqual(x.calls, [
        'requestBody',
        'requestBodyEnd',
        'fail timeout',
      ]);
    }
  });
});
