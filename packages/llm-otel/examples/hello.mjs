// The quickstart app: one OpenAI SDK call, unmodified, against a local mock
// LLM server (@x/mock-llm), so it needs no API key. Run it under register:
//   node --import @x/llm-otel/register packages/llm-otel/examples/hello.mjs
import OpenAI from 'openai';
import { startMockLlm } from '@x/mock-llm';

const mock = await startMockLlm({ port: 0 });
try {
  const openai = new OpenAI({
    baseURL: `${mock.url}/v1`,
    apiKey: 'no-key-needed',
  });
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say hello' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let answer = '';
  for await (const chunk of stream)
    answer += chunk.choices[0]?.delta.content ?? '';
  console.log(answer);
} finally {
  await mock.close();
}
