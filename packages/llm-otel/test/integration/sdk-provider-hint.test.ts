// groq-sdk and the Mistral SDK pointed at a host we do not know (here the
// loopback mock; in production a gateway or proxy) are named after the
// provider their SDK speaks to; the openai SDK there stays openai_compatible.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

const env = useMockLlmTelemetry({ scenario: 'tokens=4' });

const summary = () =>
  env.telemetry.ours().map(s => ({
    name: s.name,
    provider: s.attributes['gen_ai.provider.name'],
    output: s.attributes['gen_ai.usage.output_tokens'],
  }));

const messages = [{ role: 'user' as const, content: 'hi' }];

void describe('provider named by the SDK on an unknown host', () => {
  void it('groq-sdk (stream, usage in x_groq) is groq', async () => {
    const groq = new Groq({ apiKey: 'gsk-secret', baseURL: env.mock.url });
    const stream = await groq.chat.completions.create({
      model: 'llama-3.1-8b-instant',
      messages,
      stream: true,
    });
    for await (const chunk of stream) void chunk;
    assert.deepEqual(summary(), [
      { name: 'chat llama-3.1-8b-instant', provider: 'groq', output: 4 },
    ]);
  });

  void it('@mistralai/mistralai is mistral_ai', async () => {
    const mistral = new Mistral({ apiKey: 'secret', serverURL: env.mock.url });
    await mistral.chat.complete({ model: 'mistral-small-latest', messages });
    assert.deepEqual(summary(), [
      { name: 'chat mistral-small-latest', provider: 'mistral_ai', output: 4 },
    ]);
  });

  void it('openai SDK stays openai_compatible', async () => {
    const openai = new OpenAI({ apiKey: 'sk', baseURL: `${env.mock.url}/v1` });
    await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    assert.deepEqual(summary(), [
      { name: 'chat gpt-4o-mini', provider: 'openai_compatible', output: 4 },
    ]);
  });
});
