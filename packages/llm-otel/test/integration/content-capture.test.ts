// Content capture with a real client: gen_ai.input.messages,
// gen_ai.output.messages and gen_ai.system_instructions as JSON strings, only
// when SPAN_ONLY (or SPAN_AND_EVENT) is set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { setUpTelemetry } from './telemetry-setup.js';
import type { Telemetry } from './telemetry-setup.js';
import { startWireServer } from './wire-server.js';
import type { WireServer } from './wire-server.js';

let server: WireServer;
let telemetry: Telemetry;

before(async () => {
  server = await startWireServer();
  telemetry = setUpTelemetry({ captureMessageContent: 'SPAN_ONLY' });
});
after(async () => {
  await telemetry.stop();
  await server.close();
});

void describe('content capture', () => {
  void it('records input, output and system instructions as valid JSON', async () => {
    const client = new Anthropic({
      apiKey: 'sk-ant-secret',
      baseURL: server.origin,
      maxRetries: 0,
    });
    server.reply({
      body: {
        id: 'msg_c',
        type: 'message',
        role: 'assistant',
        model: 'claude-test-20260101',
        content: [{ type: 'text', text: 'Bonjour' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 7, output_tokens: 2 },
      },
    });
    await client.messages.create({
      model: 'claude-test',
      max_tokens: 20,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    const a = telemetry.ours()[0]!.attributes;
    assert.deepEqual(
      {
        input: JSON.parse(a['gen_ai.input.messages'] as string) as unknown,
        output: JSON.parse(a['gen_ai.output.messages'] as string) as unknown,
        system: JSON.parse(
          a['gen_ai.system_instructions'] as string,
        ) as unknown,
      },
      {
        input: [{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }],
        output: [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: 'Bonjour' }],
            finish_reason: 'end_turn',
          },
        ],
        system: [{ type: 'text', content: 'Answer in French.' }],
      },
    );
    assert.ok(!JSON.stringify(a).includes('sk-ant-secret'));
  });
});
