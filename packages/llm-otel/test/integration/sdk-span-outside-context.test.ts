// An SDK's own gen_ai span that is open but not active when the SDK makes
// its HTTP call: Vercel ai 7 (with @ai-sdk/otel) does so for embed() and
// generateObject(). It is the same call as our attempt and must not count
// twice: ours marks it superseded, as it marks an SDK span that is its parent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { useMockLlmTelemetry } from './mock-llm-telemetry.js';

let client: OpenAI;
const env = useMockLlmTelemetry({}, () => {
  client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: `${env.mock.url}/v1`,
    maxRetries: 0,
  });
});

/** An SDK span as ai 7 starts it: scope `gen_ai`, never made active. */
function sdkSpan(operation: string, model: string) {
  return trace.getTracer('gen_ai').startSpan(`${operation} ${model}`, {
    attributes: {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
    },
  });
}

/** Every span's name, scope and mark, ours and the SDK's, in that order. */
const marks = () =>
  env.telemetry
    .all()
    .map(s =>
      [
        s.name,
        s.instrumentationScope.name,
        s.attributes['llm_otel.superseded'] ?? false,
      ].join(' '),
    )
    .sort();

void describe('an SDK span open beside our attempt, not its parent', () => {
  void it('embeddings: the SDK span of the same model is marked superseded', async () => {
    const outer = sdkSpan('embeddings', 'text-embedding-3-small');
    const inner = sdkSpan('embeddings', 'text-embedding-3-small');
    await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'Say hello',
    });
    inner.end();
    outer.end();
    assert.deepEqual(marks(), [
      'embeddings text-embedding-3-small @x/llm-otel false',
      'embeddings text-embedding-3-small gen_ai true',
      'embeddings text-embedding-3-small gen_ai true',
    ]);
  });

  void it("leaves another model's span, and the SDK's agent span, unmarked", async () => {
    const other = sdkSpan('chat', 'gpt-4o');
    const agent = sdkSpan('invoke_agent', 'gpt-4o-mini');
    const same = sdkSpan('chat', 'gpt-4o-mini');
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    for (const span of [same, agent, other]) span.end();
    assert.deepEqual(marks(), [
      'chat gpt-4o gen_ai false',
      'chat gpt-4o-mini @x/llm-otel false',
      'chat gpt-4o-mini gen_ai true',
      'invoke_agent gpt-4o-mini gen_ai false',
    ]);
  });

  void it('an SDK span that ended before the call is left as it was', async () => {
    sdkSpan('chat', 'gpt-4o-mini').end();
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.deepEqual(marks(), [
      'chat gpt-4o-mini @x/llm-otel false',
      'chat gpt-4o-mini gen_ai false',
    ]);
  });
});
