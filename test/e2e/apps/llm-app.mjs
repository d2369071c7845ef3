// A small app making real client calls, run by the e2e test as
//   node --import @x/llm-otel/register test/e2e/apps/llm-app.mjs
// against @x/mock-llm at LLM_BASE_URL. Plain JS: this is what an app looks like.
// The mock's x-mock-scenario header fixes token counts and faults per call.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { withFeature } from '@x/llm-otel';
import { APP_SCENARIOS, PROMPT } from './app-scenarios.mjs';

const base = process.env.LLM_BASE_URL;
const anthropic = new Anthropic({
  baseURL: base,
  apiKey: 'sk-ant-e2e-not-a-secret',
  maxRetries: 0,
});
const openai = new OpenAI({
  baseURL: `${base}/v1`,
  apiKey: 'sk-e2e-not-a-secret',
  maxRetries: 0,
});
const rounds = Number(process.env.APP_ROUNDS ?? 5);
const messages = [{ role: 'user', content: PROMPT }];
const scenario = name => ({
  headers: { 'x-mock-scenario': APP_SCENARIOS[name] },
});

for (let i = 0; i < rounds; i++) {
  await withFeature('summarize', () =>
    anthropic.messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 256, messages },
      scenario('summarize'),
    ),
  );
  await withFeature('chat', async () => {
    const stream = await anthropic.messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 256, messages, stream: true },
      scenario('chatStream'),
    );
    for await (const _event of stream) {
      // drain
    }
  });
  await withFeature('chat', () =>
    anthropic.messages
      .create(
        { model: 'claude-haiku-4-5', max_tokens: 256, messages },
        scenario('rateLimited'),
      )
      .catch(() => undefined),
  );
  await withFeature('classify', () =>
    openai.chat.completions.create(
      { model: 'gpt-4o', messages },
      scenario('classify'),
    ),
  );
}
