// A small app making real client calls, run by the e2e test as
//   node --import @x/llm-otel/register test/e2e/apps/llm-app.mjs
// against the loopback wire server at LLM_BASE_URL. Plain JS: this is what an app looks like.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { withFeature } from '@x/llm-otel';

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
const messages = [{ role: 'user', content: 'Say hello' }];

for (let i = 0; i < rounds; i++) {
  await withFeature('summarize', () =>
    anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages,
    }),
  );
  await withFeature('chat', async () => {
    const stream = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages,
      stream: true,
    });
    for await (const _event of stream) {
      // drain
    }
  });
  await withFeature('chat', () =>
    anthropic.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 256, messages })
      .catch(() => undefined),
  );
  await withFeature('classify', () =>
    openai.chat.completions.create({ model: 'gpt-4o', messages }),
  );
}
