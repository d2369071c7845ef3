// POST /v1/chat/completions (OpenAI), Azure deployments, Groq /openai/v1 and
// Mistral /v1: one handler, the flavor decides usage placement and extras.
import type {
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../../types.js';
import {
  asRecord,
  jsonResponse,
  splitString,
  sseFrame,
  sseResponse,
} from '../http-helpers.js';
import { openaiFlavor, type OpenAIFlavor } from './flavor.js';
import {
  openaiBadJson,
  openaiFault,
  openaiStreamError,
  openaiMissing,
  openaiMissingModel,
  openaiRateLimitHeaders,
} from './openai-errors.js';
import { openaiChatUsage } from './openai-usage.js';
import { pickChatTool, type PickedTool } from './pick-tool.js';

function groqTimes(): Record<string, number> {
  return {
    queue_time: 0.01,
    prompt_time: 0.001,
    completion_time: 0.01,
    total_time: 0.011,
  };
}

const SAFE = { filtered: false, severity: 'safe' };
/** Azure's content filter verdicts, all "safe". */
const CONTENT_FILTER = {
  hate: SAFE,
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
const PROMPT_FILTER = [
  { prompt_index: 0, content_filter_results: CONTENT_FILTER },
];

function usageFor(
  req: MockRequest,
  flavor: OpenAIFlavor,
  n: number,
): Record<string, unknown> {
  const usage = openaiChatUsage(req.plan.usage, n);
  if (flavor === 'mistral') {
    return {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens,
    };
  }
  return flavor === 'groq' ? { ...usage, ...groqTimes() } : usage;
}

function toolCallId(req: MockRequest): string {
  return `call_${req.plan.id}`;
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return openaiBadJson();
  const body = asRecord(req.json);
  if (body === undefined) return openaiBadJson();
  if (req.model === undefined) return openaiMissingModel();
  if (!Array.isArray(body.messages)) return openaiMissing('messages');
  const flavor = openaiFlavor(req);
  const n = typeof body.n === 'number' && body.n > 0 ? Math.floor(body.n) : 1;
  const tool = pickChatTool(req);
  const headers = {
    'x-request-id': `req_${req.plan.id}`,
    ...openaiRateLimitHeaders(req),
  };
  return body.stream === true
    ? stream(req, body, flavor, n, tool, headers)
    : whole(req, flavor, n, tool, headers);
}

function base(req: MockRequest, flavor: OpenAIFlavor): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: `chatcmpl-${req.plan.id}`,
    created: req.plan.created,
    model: req.model,
  };
  if (flavor === 'openai' || flavor === 'azure') {
    out.service_tier = 'default';
    out.system_fingerprint = 'fp_mock';
  }
  if (flavor === 'groq') out.system_fingerprint = 'fp_mock';
  return out;
}

function whole(
  req: MockRequest,
  flavor: OpenAIFlavor,
  n: number,
  tool: PickedTool | undefined,
  headers: Record<string, string>,
): MockResponse {
  const choices = [];
  for (let i = 0; i < n; i++) {
    const message: Record<string, unknown> =
      tool === undefined
        ? { role: 'assistant', content: req.plan.text }
        : {
            role: 'assistant',
            content: flavor === 'mistral' ? '' : null,
            tool_calls: [
              {
                id: toolCallId(req),
                type: 'function',
                function: { name: tool.name, arguments: tool.arguments },
              },
            ],
          };
    if (flavor === 'openai' || flavor === 'azure') {
      message.refusal = null;
      message.annotations = [];
    }
    const choice: Record<string, unknown> = {
      index: i,
      message,
      finish_reason: tool === undefined ? 'stop' : 'tool_calls',
    };
    if (flavor !== 'mistral') choice.logprobs = null;
    if (flavor === 'azure') choice.content_filter_results = CONTENT_FILTER;
    choices.push(choice);
  }
  return jsonResponse(
    200,
    {
      ...base(req, flavor),
      object: 'chat.completion',
      choices,
      usage: usageFor(req, flavor, n),
      ...(flavor === 'groq' ? { x_groq: { id: `req_${req.plan.id}` } } : {}),
      ...(flavor === 'azure' ? { prompt_filter_results: PROMPT_FILTER } : {}),
    },
    headers,
  );
}

function stream(
  req: MockRequest,
  body: Record<string, unknown>,
  flavor: OpenAIFlavor,
  n: number,
  tool: PickedTool | undefined,
  headers: Record<string, string>,
): MockResponse {
  const includeUsage = asRecord(body.stream_options)?.include_usage === true;
  const head = { ...base(req, flavor), object: 'chat.completion.chunk' };
  const extra = includeUsage ? { usage: null } : {};
  const chunk = (
    choice: Record<string, unknown>,
    more: Record<string, unknown> = {},
  ): Buffer =>
    sseFrame({
      ...head,
      choices: [{ logprobs: null, finish_reason: null, ...choice }],
      ...extra,
      ...more,
    });
  const frames: Buffer[] = [];
  if (flavor === 'azure') {
    // Azure opens a stream with a prompt-filter chunk: no choices, empty model.
    frames.push(
      sseFrame({
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: PROMPT_FILTER,
      }),
    );
  }
  for (let i = 0; i < n; i++) {
    frames.push(
      chunk({
        index: i,
        delta:
          flavor === 'mistral'
            ? { role: 'assistant', content: '' }
            : { role: 'assistant', content: '', refusal: null },
      }),
    );
  }
  const firstTokenChunk = frames.length;
  for (let i = 0; i < n; i++) {
    if (tool === undefined) {
      for (const piece of req.plan.pieces) {
        frames.push(chunk({ index: i, delta: { content: piece } }));
      }
    } else {
      const args = splitString(tool.arguments, req.plan.pieces.length);
      frames.push(
        chunk({
          index: i,
          delta: {
            tool_calls: [
              {
                index: 0,
                id: toolCallId(req),
                type: 'function',
                function: {
                  name: tool.name,
                  arguments: flavor === 'mistral' ? tool.arguments : '',
                },
              },
            ],
          },
        }),
      );
      if (flavor !== 'mistral') {
        for (const piece of args) {
          frames.push(
            chunk({
              index: i,
              delta: {
                tool_calls: [{ index: 0, function: { arguments: piece } }],
              },
            }),
          );
        }
      }
    }
  }
  const finishReason = tool === undefined ? 'stop' : 'tool_calls';
  const usage = usageFor(req, flavor, n);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    let more: Record<string, unknown> = {};
    // Groq puts usage in x_groq on the final chunk; Mistral in usage there.
    if (last && flavor === 'groq')
      more = { x_groq: { id: `req_${req.plan.id}`, usage } };
    if (last && flavor === 'mistral') more = { usage };
    frames.push(
      chunk({ index: i, delta: {}, finish_reason: finishReason }, more),
    );
  }
  if (includeUsage) frames.push(sseFrame({ ...head, choices: [], usage }));
  frames.push(sseFrame('[DONE]'));
  return sseResponse(frames, firstTokenChunk, headers);
}

export const openaiChatHandler: ProviderHandler = {
  provider: 'openai',
  handle,
  fault: openaiFault,
  streamError: openaiStreamError,
};
