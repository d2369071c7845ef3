// Every kind of call the demo makes, and in which rounds a kind misbehaves, so
// that a run of N rounds makes an exact, known mix of calls:
//   every round  streams (OpenAI, Anthropic with cache reads, Gemini on odd rounds),
//                a tool call and its follow-up, Gemini generateContent, an
//                unpriced model, a reasoning model
//   round % 3 == 1  the reasoning call is rate limited once (429), the SDK retries
//   round % 3 == 2  the search call hangs until the client times out
//   round % 4 == 2  the summarize call gets Anthropic's overloaded error (529)
//   round % 5 == 4  a support_chat stream is canceled after its first chunk
import { withFeature } from '@x/llm-otel';
import type { Clients } from './clients.js';
import { classifyError } from './classify-error.js';
import { scenarioHeader } from './mock-scenario.js';
import type { CallResult } from './tally.js';

export interface CallContext {
  readonly clients: Clients;
  readonly round: number;
  /** Multiplies simulated latencies. */
  readonly scale: number;
  /** Records one HTTP call's result under its kind. */
  readonly record: (kind: string, result: CallResult) => void;
}

const ask = (text: string): { role: 'user'; content: string }[] => [
  { role: 'user', content: text },
];

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    },
  },
};

/** Reads a stream to its end, as an app showing it would. */
async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  const it = stream[Symbol.asyncIterator]();
  while ((await it.next()).done !== true) {
    // next chunk
  }
}

/** Runs one call, records its result, never throws. */
async function attempt(
  ctx: CallContext,
  kind: string,
  fn: () => Promise<CallResult | void>,
): Promise<void> {
  try {
    ctx.record(kind, (await fn()) ?? 'success');
  } catch (err) {
    ctx.record(kind, classifyError(err));
  }
}

function supportChatOpenAiStream(ctx: CallContext): Promise<void> {
  const cancel = ctx.round % 5 === 4;
  return attempt(
    ctx,
    `support_chat openai gpt-4o ${cancel ? 'stream-canceled' : 'stream'}`,
    () =>
      withFeature('support_chat', async () => {
        const stream = await ctx.clients.openai.chat.completions.create(
          {
            model: 'gpt-4o',
            messages: ask('Where is my order #1234?'),
            stream: true,
            stream_options: { include_usage: true },
          },
          {
            headers: scenarioHeader(
              { latency: 150, ttft: 450, chunkDelay: 30 },
              ctx.scale,
              {
                chunks: 12,
                tokens: 48,
              },
            ),
          },
        );
        for await (const chunk of stream) {
          // The user closed the chat window after the first chunk: stop reading,
          // abort the request.
          if (cancel && chunk.id !== '') {
            stream.controller.abort();
            return 'canceled';
          }
        }
        return 'success';
      }),
  );
}

function supportChatAnthropicStream(ctx: CallContext): Promise<void> {
  return attempt(ctx, 'support_chat anthropic claude-sonnet-4 stream', () =>
    withFeature('support_chat', async () => {
      const stream = await ctx.clients.anthropic.messages.create(
        {
          model: 'claude-sonnet-4',
          max_tokens: 512,
          messages: ask('Summarise the customer history and suggest a reply.'),
          stream: true,
        },
        {
          headers: scenarioHeader(
            { latency: 200, ttft: 700, chunkDelay: 40 },
            ctx.scale,
            {
              chunks: 10,
              tokens: 60,
              cache_read: 1200,
            },
          ),
        },
      );
      await drain(stream);
    }),
  );
}

function agentToolCalls(ctx: CallContext): Promise<void> {
  return withFeature('agent', async () => {
    const messages = ask('Should I take an umbrella in Paris today?');
    const timing = { latency: 100, ttft: 400 };
    let toolCall: { id: string } | undefined;
    let assistant: unknown;
    await attempt(ctx, 'agent openai gpt-4o-mini tool_call', async () => {
      const first = await ctx.clients.openai.chat.completions.create(
        { model: 'gpt-4o-mini', messages, tools: [WEATHER_TOOL] },
        { headers: scenarioHeader(timing, ctx.scale) },
      );
      assistant = first.choices[0]?.message;
      toolCall = first.choices[0]?.message.tool_calls?.[0];
      return toolCall === undefined ? 'error' : 'success';
    });
    if (toolCall === undefined) return;
    const id = toolCall.id;
    await attempt(ctx, 'agent openai gpt-4o-mini tool_result', async () => {
      await ctx.clients.openai.chat.completions.create(
        {
          model: 'gpt-4o-mini',
          messages: [
            ...messages,
            assistant as { role: 'assistant'; content: string },
            {
              role: 'tool',
              tool_call_id: id,
              content: '{"rain_probability":0.7}',
            },
          ],
          tools: [WEATHER_TOOL],
        },
        { headers: scenarioHeader(timing, ctx.scale, { tools: 'off' }) },
      );
    });
  });
}

function extractGemini(ctx: CallContext): Promise<void> {
  return attempt(ctx, 'extract gcp gemini-2.0-flash generate', () =>
    withFeature('extract', async () => {
      await ctx.clients.gemini.models.generateContent({
        model: 'gemini-2.0-flash',
        contents:
          'Extract the invoice number and total from: Invoice 42, total 99 EUR',
        config: {
          httpOptions: {
            headers: scenarioHeader({ latency: 80, ttft: 250 }, ctx.scale, {
              tokens: 12,
            }),
          },
        },
      });
    }),
  );
}

function extractGeminiStream(ctx: CallContext): Promise<void> {
  if (ctx.round % 2 === 0) return Promise.resolve();
  return attempt(ctx, 'extract gcp gemini-2.5-flash stream', () =>
    withFeature('extract', async () => {
      const stream = await ctx.clients.gemini.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'List the line items of this invoice.',
        config: {
          httpOptions: {
            headers: scenarioHeader(
              { latency: 90, ttft: 350, chunkDelay: 25 },
              ctx.scale,
              {
                chunks: 6,
                tokens: 30,
              },
            ),
          },
        },
      });
      await drain(stream);
    }),
  );
}

function classifyReasoning(ctx: CallContext): Promise<void> {
  const limited = ctx.round % 3 === 1;
  return attempt(
    ctx,
    `classify openai o3-mini ${limited ? 'rate-limited-once' : 'reasoning'}`,
    () =>
      withFeature('classify', async () => {
        await ctx.clients.openai.chat.completions.create(
          {
            model: 'o3-mini',
            messages: ask('Is this ticket a bug report or a feature request?'),
          },
          {
            headers: scenarioHeader({ latency: 300, ttft: 1500 }, ctx.scale, {
              tokens: 16,
              reasoning: 64,
              ...(limited
                ? {
                    fault: '429-once',
                    retry_after: Math.max(0.05, 0.5 * ctx.scale),
                  }
                : {}),
            }),
          },
        );
        return limited ? 'rate_limited_then_success' : 'success';
      }),
  );
}

function summarizeAnthropic(ctx: CallContext): Promise<void> {
  const overloaded = ctx.round % 4 === 2;
  return attempt(
    ctx,
    `summarize anthropic claude-haiku-4-5 ${overloaded ? 'overloaded' : 'message'}`,
    () =>
      withFeature('summarize', async () => {
        await ctx.clients.anthropic.messages.create(
          {
            model: 'claude-haiku-4-5',
            max_tokens: 256,
            messages: ask('Summarise this thread in one line.'),
          },
          {
            maxRetries: 0,
            headers: scenarioHeader({ latency: 120, ttft: 400 }, ctx.scale, {
              tokens: 24,
              cache_write: 300,
              ...(overloaded ? { fault: 'overloaded' } : {}),
            }),
          },
        );
      }),
  );
}

function searchWithTimeout(ctx: CallContext, baseUrl: string): Promise<void> {
  const hang = ctx.round % 3 === 2;
  return attempt(
    ctx,
    `search openai gpt-4o-mini ${hang ? 'fetch-timeout' : 'fetch'}`,
    () =>
      withFeature('search', async () => {
        // Plain fetch with a deadline, as apps without an SDK do. (The SDKs'
        // own timeout options abort without a reason, which the HTTP layer
        // cannot tell from a user's cancel; AbortSignal.timeout says "timeout".)
        const res = await fetch(`${baseUrl}/chat/completions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: 'Bearer sk-demo-not-a-secret',
            ...scenarioHeader({ latency: 60, ttft: 150 }, ctx.scale, {
              tokens: 10,
              ...(hang ? { fault: 'hang' } : {}),
            }),
          },
          body: JSON.stringify({
            model: 'gpt-4o-mini',
            messages: ask('Rewrite this search query: cheap flights paris'),
          }),
          signal: AbortSignal.timeout(
            Math.max(300, Math.round(2000 * ctx.scale)),
          ),
        });
        await res.json();
        return res.ok ? 'success' : 'error';
      }),
  );
}

function labsUnpriced(ctx: CallContext): Promise<void> {
  return attempt(ctx, 'labs openai acme-llm-7b unpriced', () =>
    withFeature('labs', async () => {
      await ctx.clients.openai.chat.completions.create(
        {
          model: 'acme-llm-7b',
          messages: ask('Draft a haiku about observability.'),
        },
        {
          headers: scenarioHeader({ latency: 90, ttft: 300 }, ctx.scale, {
            tokens: 17,
          }),
        },
      );
    }),
  );
}

/** One round: every kind, concurrently, as a busy app would. */
export async function runRound(ctx: CallContext): Promise<void> {
  await Promise.all([
    supportChatOpenAiStream(ctx),
    supportChatAnthropicStream(ctx),
    agentToolCalls(ctx),
    extractGemini(ctx),
    extractGeminiStream(ctx),
    classifyReasoning(ctx),
    summarizeAnthropic(ctx),
    searchWithTimeout(ctx, ctx.clients.openai.baseURL),
    labsUnpriced(ctx),
  ]);
}
