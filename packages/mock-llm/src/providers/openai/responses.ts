// POST /v1/responses: the Responses API, non-stream and its SSE event sequence
// (created, in_progress, output items, deltas, completed with usage).
import type {
  MockRequest,
  MockResponse,
  MockUsage,
  ProviderHandler,
} from '../../types.js';
import { toolArguments } from '../../content/tool-arguments.js';
import {
  asArray,
  asRecord,
  asString,
  jsonResponse,
  splitString,
  sseFrame,
  sseResponse,
} from '../http-helpers.js';
import {
  openaiBadJson,
  openaiFault,
  responsesStreamError,
  openaiMissingModel,
  openaiRateLimitHeaders,
} from './openai-errors.js';

export function responsesUsage(u: MockUsage): Record<string, unknown> {
  const input = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const output = u.outputTokens + u.reasoningTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: input + output,
  };
}

interface FunctionTool {
  name: string;
  arguments: string;
}

/** First function tool, unless tools=off, tool_choice none, or the input ends with a tool result. */
function pickTool(
  req: MockRequest,
  body: Record<string, unknown>,
): FunctionTool | undefined {
  if (!req.plan.toolCalls || body.tool_choice === 'none') return undefined;
  const input = asArray(body.input);
  if (asRecord(input.at(-1))?.type === 'function_call_output') return undefined;
  const chosen = asString(asRecord(body.tool_choice)?.name);
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (tool?.type !== 'function' || name === undefined) continue;
    if (chosen !== undefined && chosen !== name) continue;
    return { name, arguments: JSON.stringify(toolArguments(tool.parameters)) };
  }
  return undefined;
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return openaiBadJson();
  const body = asRecord(req.json);
  if (body === undefined) return openaiBadJson();
  if (req.model === undefined) return openaiMissingModel();
  const tool = pickTool(req, body);
  const id = req.plan.id;
  const messageItem = {
    id: `msg_${id}`,
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [
      {
        type: 'output_text',
        annotations: [],
        logprobs: [],
        text: req.plan.text,
      },
    ],
  };
  const toolItem =
    tool === undefined
      ? undefined
      : {
          id: `fc_${id}`,
          type: 'function_call',
          status: 'completed',
          arguments: tool.arguments,
          call_id: `call_${id}`,
          name: tool.name,
        };
  const response = (
    status: string,
    output: unknown[],
    usage: unknown,
  ): Record<string, unknown> => ({
    id: `resp_${id}`,
    object: 'response',
    created_at: req.plan.created,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: req.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  });
  const headers = {
    'x-request-id': `req_${id}`,
    ...openaiRateLimitHeaders(req),
  };
  const finalOutput = [toolItem ?? messageItem];
  const completed = response(
    'completed',
    finalOutput,
    responsesUsage(req.plan.usage),
  );
  if (body.stream !== true) return jsonResponse(200, completed, headers);

  let seq = 0;
  const frames: Buffer[] = [];
  const emit = (type: string, data: Record<string, unknown>): void => {
    frames.push(sseFrame({ type, ...data, sequence_number: seq++ }, type));
  };
  emit('response.created', { response: response('in_progress', [], null) });
  emit('response.in_progress', { response: response('in_progress', [], null) });
  let first: number;
  if (toolItem !== undefined) {
    emit('response.output_item.added', {
      output_index: 0,
      item: { ...toolItem, status: 'in_progress', arguments: '' },
    });
    first = frames.length;
    for (const delta of splitString(
      toolItem.arguments,
      req.plan.pieces.length,
    )) {
      emit('response.function_call_arguments.delta', {
        item_id: toolItem.id,
        output_index: 0,
        delta,
      });
    }
    emit('response.function_call_arguments.done', {
      item_id: toolItem.id,
      output_index: 0,
      arguments: toolItem.arguments,
    });
    emit('response.output_item.done', { output_index: 0, item: toolItem });
  } else {
    emit('response.output_item.added', {
      output_index: 0,
      item: { ...messageItem, status: 'in_progress', content: [] },
    });
    const part = { item_id: messageItem.id, output_index: 0, content_index: 0 };
    emit('response.content_part.added', {
      ...part,
      part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
    });
    first = frames.length;
    for (const delta of req.plan.pieces) {
      emit('response.output_text.delta', { ...part, delta, logprobs: [] });
    }
    emit('response.output_text.done', {
      ...part,
      text: req.plan.text,
      logprobs: [],
    });
    emit('response.content_part.done', {
      ...part,
      part: messageItem.content[0],
    });
    emit('response.output_item.done', { output_index: 0, item: messageItem });
  }
  emit('response.completed', { response: completed });
  return sseResponse(frames, first, headers);
}

export const openaiResponsesHandler: ProviderHandler = {
  provider: 'openai',
  handle,
  fault: openaiFault,
  streamError: responsesStreamError,
};
