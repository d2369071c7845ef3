// The real OCI Generative AI client (oci-generativeaiinference, request
// signing with a throwaway RSA key) against a loopback server answering in
// the service's wire format (the recorded answers of the parser fixtures).
// On a host that is not OCI's, the body proves the shape.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as common from 'oci-common';
import { GenerativeAiInferenceClient } from 'oci-generativeaiinference';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

const fixture = (name: string): string =>
  readFileSync(
    new URL(`../providers/oci/fixtures/${name}`, import.meta.url),
    'utf8',
  );
/** A recorded stream, one event per write. */
const events = (name: string): string[] =>
  fixture(name)
    .split(/(?<=\n\n)/)
    .filter(e => e.trim() !== '');

const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaexamplecompartment';
const NO_RETRY = { retryConfiguration: common.NoRetryConfigurationDetails };

let server: WireServer;
let telemetry: Telemetry;
let client: GenerativeAiInferenceClient;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry();
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  client = new GenerativeAiInferenceClient({
    authenticationDetailsProvider:
      new common.SimpleAuthenticationDetailsProvider(
        'ocid1.tenancy.oc1..aaaaaaaaexampletenancy',
        'ocid1.user.oc1..aaaaaaaaexampleuser',
        '20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34',
        privateKey,
        null,
        common.Region.US_CHICAGO_1,
      ),
  });
  client.endpoint = server.origin;
});
after(async () => {
  client.close();
  await telemetry.stop();
  await server.close();
});
beforeEach(() => telemetry.reset());

const where = (port: number) => ({
  'gen_ai.provider.name': 'oracle_cloud.generative_ai',
  'server.address': '127.0.0.1',
  'server.port': port,
  'llm_otel.feature': 'unattributed',
});
const port = () => Number(new URL(server.origin).port);

const generic = (text: string, stream?: true) => ({
  compartmentId: COMPARTMENT,
  servingMode: {
    servingType: 'ON_DEMAND' as const,
    modelId: 'meta.llama-3.3-70b-instruct',
  },
  chatRequest: {
    apiFormat: 'GENERIC' as const,
    messages: [
      {
        role: 'USER' as const,
        content: [{ type: 'TEXT' as const, text }],
      },
    ],
    maxTokens: 100,
    temperature: 0.2,
    ...(stream === undefined ? {} : { isStream: true }),
  },
});

void describe('OCI Generative AI client', () => {
  void it('chat (GENERIC): model from servingMode, usage and finish reason', async () => {
    server.reply({ body: fixture('oci-chat-generic.json') });
    const r = (await client.chat({
      chatDetails: generic('What is the capital of France?'),
      ...NO_RETRY,
    })) as { chatResult: { modelId: string } };
    assert.equal(r.chatResult.modelId, 'meta.llama-3.3-70b-instruct');
    assert.equal(server.received[0]!.path, '/20231130/actions/chat');
    assert.deepEqual(
      telemetry.ours().map(s => [s.name, s.attributes]),
      [
        [
          'chat meta.llama-3.3-70b-instruct',
          {
            'gen_ai.operation.name': 'chat',
            ...where(port()),
            'gen_ai.request.model': 'meta.llama-3.3-70b-instruct',
            'gen_ai.request.temperature': 0.2,
            'gen_ai.request.max_tokens': 100,
            'gen_ai.response.model': 'meta.llama-3.3-70b-instruct',
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': 27,
            'gen_ai.usage.output_tokens': 8,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
  });

  void it('chat stream (GENERIC): one chunk per text delta, usage from the last event', async () => {
    server.reply({ chunks: events('oci-chat-generic-stream.sse') });
    const stream = (await client.chat({
      chatDetails: generic('What is the capital of France?', true),
      ...NO_RETRY,
    })) as unknown as ReadableStream<Uint8Array>;
    let text = '';
    const decoder = new TextDecoder();
    for await (const piece of stream) text += decoder.decode(piece);
    assert.match(text, /"finishReason":"stop"/);
    const [span] = telemetry.ours();
    const a = span!.attributes;
    assert.deepEqual(
      {
        name: span!.name,
        stream: a['gen_ai.request.stream'],
        finish: a['gen_ai.response.finish_reasons'],
        input: a['gen_ai.usage.input_tokens'],
        output: a['gen_ai.usage.output_tokens'],
        outcome: a['llm_otel.outcome'],
        ttfc: typeof a['gen_ai.response.time_to_first_chunk'],
      },
      {
        name: 'chat meta.llama-3.3-70b-instruct',
        stream: true,
        finish: ['stop'],
        input: 16,
        output: 8,
        outcome: 'success',
        ttfc: 'number',
      },
    );
  });

  void it('embedText: an embeddings span with the input tokens', async () => {
    server.reply({ body: fixture('oci-embed.json') });
    await client.embedText({
      embedTextDetails: {
        compartmentId: COMPARTMENT,
        servingMode: {
          servingType: 'ON_DEMAND',
          modelId: 'cohere.embed-english-v3.0',
        },
        inputs: ['hello there'],
      },
      ...NO_RETRY,
    });
    const a = telemetry.ours()[0]!.attributes;
    assert.deepEqual(
      [
        a['gen_ai.operation.name'],
        a['gen_ai.request.model'],
        a['gen_ai.usage.input_tokens'],
        a['llm_otel.outcome'],
      ],
      ['embeddings', 'cohere.embed-english-v3.0', 5, 'success'],
    );
  });

  void it('a 429 is rate_limited with the service code as error.type; the app gets the same OciError', async () => {
    server.reply({ status: 429, body: fixture('oci-error-429.json') });
    await assert.rejects(
      client.chat({ chatDetails: generic('hi'), ...NO_RETRY }),
      (error: { statusCode?: number; serviceCode?: string }) =>
        error.statusCode === 429 && error.serviceCode === 'TooManyRequests',
    );
    const a = telemetry.ours()[0]!.attributes;
    assert.deepEqual(
      [a['error.type'], a['llm_otel.outcome']],
      ['TooManyRequests', 'rate_limited'],
    );
  });
});
