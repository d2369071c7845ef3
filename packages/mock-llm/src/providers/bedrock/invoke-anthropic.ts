// InvokeModel(WithResponseStream) for anthropic.* models: the Anthropic
// Messages body and stream events, with Bedrock's id and model naming and the
// `amazon-bedrock-invocationMetrics` object on the final stream event.
import type { MockRequest } from '../../types.js';
import { splitString } from '../http-helpers.js';
import { anthropicModelName, baseModelId, latencyMs } from './bedrock-ids.js';
import { billedOutput } from './bedrock-usage.js';
import { pickAnthropicTool } from './pick-converse-tool.js';

function messageId(req: MockRequest): string {
  return `msg_bdrk_${req.plan.id}`;
}

function toolId(req: MockRequest): string {
  return `toolu_bdrk_${req.plan.id}`;
}

function anthropicUsage(
  req: MockRequest,
  outputTokens: number,
): Record<string, number> {
  const u = req.plan.usage;
  return {
    input_tokens: u.inputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    output_tokens: outputTokens,
  };
}

export function anthropicInvokeBody(req: MockRequest): Record<string, unknown> {
  const tool = pickAnthropicTool(req);
  return {
    id: messageId(req),
    type: 'message',
    role: 'assistant',
    model: anthropicModelName(baseModelId(req)),
    content:
      tool === undefined
        ? [{ type: 'text', text: req.plan.text }]
        : [
            {
              type: 'tool_use',
              id: toolId(req),
              name: tool.name,
              input: tool.input,
            },
          ],
    stop_reason: tool === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: anthropicUsage(req, billedOutput(req.plan.usage)),
  };
}

/** The Anthropic stream events, in order, and the index of the first content event. */
export function anthropicInvokeEvents(req: MockRequest): {
  events: Record<string, unknown>[];
  firstTokenEvent: number;
} {
  const tool = pickAnthropicTool(req);
  const u = req.plan.usage;
  const events: Record<string, unknown>[] = [
    {
      type: 'message_start',
      message: {
        id: messageId(req),
        type: 'message',
        role: 'assistant',
        model: anthropicModelName(baseModelId(req)),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: anthropicUsage(req, 1),
      },
    },
    {
      type: 'content_block_start',
      index: 0,
      content_block:
        tool === undefined
          ? { type: 'text', text: '' }
          : { type: 'tool_use', id: toolId(req), name: tool.name, input: {} },
    },
  ];
  const firstTokenEvent = events.length;
  const pieces =
    tool === undefined
      ? req.plan.pieces
      : splitString(JSON.stringify(tool.input), req.plan.pieces.length);
  for (const piece of pieces) {
    events.push({
      type: 'content_block_delta',
      index: 0,
      delta:
        tool === undefined
          ? { type: 'text_delta', text: piece }
          : { type: 'input_json_delta', partial_json: piece },
    });
  }
  events.push({ type: 'content_block_stop', index: 0 });
  events.push({
    type: 'message_delta',
    delta: {
      stop_reason: tool === undefined ? 'end_turn' : 'tool_use',
      stop_sequence: null,
    },
    usage: { output_tokens: billedOutput(u) },
  });
  events.push({
    type: 'message_stop',
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: u.inputTokens,
      outputTokenCount: billedOutput(u),
      invocationLatency: latencyMs(billedOutput(u)),
      firstByteLatency: 100,
    },
  });
  return { events, firstTokenEvent };
}
