// The openai and Anthropic SDKs on the Vercel AI Gateway's OpenAI- and
// Anthropic-compatible APIs: the model id in the body (`openai/gpt-5`) names
// the provider, as the gateway's own protocol does in a header. The gateway
// host resolves to @x/mock-llm on loopback through an undici connector (an
// /etc/hosts entry, in effect): the SDKs, fetch and undici run as in
// production.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const GATEWAY = 'http://ai-gateway.vercel.sh';
let dispatcher: Agent;
const env = useMockLlmTelemetry({}, () => {
  dispatcher = new Agent({
    connect: (_options, done) => {
      const socket = connect(env.mock.port, '127.0.0.1');
      socket.once('connect', () => done(null, socket));
      socket.once('error', error => done(error, null));
    },
  });
});

const where = {
  'server.address': 'ai-gateway.vercel.sh',
  'server.port': 80,
  'llm_otel.feature': 'unattributed',
  'llm_otel.attempt': 0,
};

void describe("the Vercel AI Gateway's compatible APIs", () => {
  void it("OpenAI chat completions: the model id's creator is the provider, the model bare", async () => {
    const client = new OpenAI({
      baseURL: `${GATEWAY}/v1`,
      apiKey: 'vck_secret',
      fetchOptions: { dispatcher },
    });
    const r = await client.chat.completions.create({
      model: 'openai/gpt-5',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    const spans = env.telemetry.ours();
    assert.deepEqual(
      spans.map(s => [s.name, s.attributes]),
      [
        [
          'chat gpt-5',
          {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            ...where,
            'gen_ai.request.model': 'gpt-5',
            'gen_ai.response.id': r.id,
            'gen_ai.response.model': r.model,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': r.usage!.prompt_tokens,
            'gen_ai.usage.output_tokens': r.usage!.completion_tokens,
            'gen_ai.usage.cache_read.input_tokens': 0,
            'gen_ai.usage.reasoning.output_tokens': 0,
            'openai.response.service_tier': r.service_tier,
            'openai.response.system_fingerprint': r.system_fingerprint,
            'llm_otel.outcome': 'success',
          },
        ],
      ],
    );
    // The metrics carry the same provider and model.
    const m = await env.telemetry.metrics();
    assert.deepEqual(
      m
        .get('gen_ai.client.operation.duration')
        ?.map(p => [
          p.attributes['gen_ai.provider.name'],
          p.attributes['gen_ai.request.model'],
        ]),
      [['openai', 'gpt-5']],
    );
  });

  void it("a creator that is not its models' provider stays the gateway's, with the whole id", async () => {
    const client = new OpenAI({
      baseURL: `${GATEWAY}/v1`,
      apiKey: 'vck_secret',
      fetchOptions: { dispatcher },
    });
    await client.embeddings.create({
      model: 'alibaba/qwen3-embedding-4b',
      input: 'hello there',
    });
    const a = env.telemetry.ours()[0]!.attributes;
    assert.deepEqual(
      [a['gen_ai.provider.name'], a['gen_ai.request.model']],
      ['vercel.ai_gateway', 'alibaba/qwen3-embedding-4b'],
    );
  });

  void it('Anthropic messages: anthropic, the bare model', async () => {
    const client = new Anthropic({
      baseURL: GATEWAY,
      apiKey: 'vck_secret',
      fetchOptions: { dispatcher },
    });
    const r = await client.messages.create({
      model: 'anthropic/claude-sonnet-4.5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    const spans = env.telemetry.ours();
    assert.deepEqual(
      spans.map(s => [
        s.name,
        s.attributes['gen_ai.provider.name'],
        s.attributes['gen_ai.request.model'],
        s.attributes['gen_ai.usage.output_tokens'],
      ]),
      [
        [
          'chat claude-sonnet-4.5',
          'anthropic',
          'claude-sonnet-4.5',
          r.usage.output_tokens,
        ],
      ],
    );
  });
});
