// Mistral Conversations API (beta): POST /v1/conversations starts one,
// /v1/conversations/{id} appends to it, /v1/conversations/{id}/restart
// branches it from an entry. The answer is one conversation.response, or with
// `stream: true` SSE frames whose `event:` repeats the data's `type`.
// Stateless: an append is answered from its own body, like a fresh turn.
import type {
  MockRequest,
  MockResponse,
  MockUsage,
  ProviderHandler,
} from '../../types.js';
import type { PickedTool } from '../openai/pick-tool.js';
import {
  asRecord,
  asString,
  jsonResponse,
  sseFrame,
  sseResponse,
} from '../http-helpers.js';
import {
  mistralBadJson,
  mistralError,
  mistralFault,
  mistralMissing,
} from './mistral-errors.js';
import { pickConversationTool } from './pick-conversation-tool.js';

/** Agent requests and appends name no model; the API still reports one. */
export const CONVERSATION_DEFAULT_MODEL = 'mistral-medium-latest';

/** ConversationUsageInfo: prompt includes cached tokens, completion reasoning. */
export function mistralConversationUsage(
  u: MockUsage,
): Record<string, unknown> {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const completion = u.outputTokens + u.reasoningTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    connector_tokens: null,
    connectors: null,
  };
}

/** Fields every output entry and delta event repeats. */
interface Turn {
  readonly conversationId: string;
  readonly createdAt: string;
  readonly model: string;
  readonly agentId: string | null;
}

function handle(req: MockRequest): MockResponse {
  if (req.jsonError) return mistralBadJson();
  const body = asRecord(req.json);
  if (body === undefined) return mistralBadJson();
  const existing = req.params.conversation_id;
  const agentId = asString(body.agent_id) ?? null;
  if (existing === undefined) {
    if (body.inputs === undefined) return mistralMissing('inputs', body);
    if (req.model === undefined && agentId === null)
      return mistralError(
        400,
        'Either model or agent_id must be provided',
        'invalid_request_error',
      );
  }
  if (req.params.action === 'restart' && body.from_entry_id === undefined)
    return mistralMissing('from_entry_id', body);
  const turn: Turn = {
    // An append continues the conversation in the path; start and restart make a new one.
    conversationId:
      existing !== undefined && req.params.action === undefined
        ? existing
        : `conv_${req.plan.id}`,
    createdAt: new Date(req.plan.created * 1000).toISOString(),
    model: req.model ?? CONVERSATION_DEFAULT_MODEL,
    agentId,
  };
  const tool = pickConversationTool(req, body);
  const headers = { 'mistral-correlation-id': req.plan.id };
  return body.stream === true
    ? stream(req, turn, tool, headers)
    : whole(req, turn, tool, headers);
}

function whole(
  req: MockRequest,
  turn: Turn,
  tool: PickedTool | undefined,
  headers: Record<string, string>,
): MockResponse {
  const entry = (type: string, id: string) => ({
    object: 'entry',
    type,
    created_at: turn.createdAt,
    completed_at: turn.createdAt,
    id,
    agent_id: turn.agentId,
    model: turn.model,
  });
  const output =
    tool === undefined
      ? {
          ...entry('message.output', `msg_${req.plan.id}`),
          role: 'assistant',
          content: req.plan.text,
        }
      : {
          ...entry('function.call', `fc_${req.plan.id}`),
          tool_call_id: `call_${req.plan.id}`,
          name: tool.name,
          arguments: tool.arguments,
        };
  return jsonResponse(
    200,
    {
      object: 'conversation.response',
      conversation_id: turn.conversationId,
      outputs: [output],
      usage: mistralConversationUsage(req.plan.usage),
    },
    headers,
  );
}

function event(
  data: { readonly type: string } & Record<string, unknown>,
): Buffer {
  return sseFrame(data, data.type);
}

function stream(
  req: MockRequest,
  turn: Turn,
  tool: PickedTool | undefined,
  headers: Record<string, string>,
): MockResponse {
  const at = { created_at: turn.createdAt };
  const frames = [
    event({
      type: 'conversation.response.started',
      ...at,
      conversation_id: turn.conversationId,
    }),
  ];
  if (tool === undefined) {
    for (const piece of req.plan.pieces) {
      frames.push(
        event({
          type: 'message.output.delta',
          ...at,
          output_index: 0,
          id: `msg_${req.plan.id}`,
          content_index: 0,
          model: turn.model,
          agent_id: turn.agentId,
          role: 'assistant',
          content: piece,
        }),
      );
    }
  } else {
    // Like Mistral chat streams, the call arrives whole in one delta.
    frames.push(
      event({
        type: 'function.call.delta',
        ...at,
        output_index: 0,
        id: `fc_${req.plan.id}`,
        model: turn.model,
        agent_id: turn.agentId,
        name: tool.name,
        tool_call_id: `call_${req.plan.id}`,
        arguments: tool.arguments,
      }),
    );
  }
  frames.push(
    event({
      type: 'conversation.response.done',
      ...at,
      usage: mistralConversationUsage(req.plan.usage),
    }),
  );
  return sseResponse(frames, 1, headers);
}

export const mistralConversationsHandler: ProviderHandler = {
  provider: 'mistral',
  handle,
  fault: mistralFault,
  streamError: req =>
    event({
      type: 'conversation.response.error',
      created_at: new Date(req.plan.created * 1000).toISOString(),
      message: 'Internal server error',
      code: 500,
    }),
};
