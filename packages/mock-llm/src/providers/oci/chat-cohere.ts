// OCI chat, apiFormat COHERE (Cohere v1 chat in camelCase): `message`,
// `chatHistory`, `preambleOverride` in; `{text, chatHistory, finishReason:
// COMPLETE, toolCalls?, usage}` out, chatHistory extended by this turn.
// Input tokens are the words of message, preambleOverride and
// chatHistory[].message, as for Cohere v1. Streams: `{apiFormat, text}`
// deltas, then one event repeating the whole text beside chatHistory,
// finishReason and usage.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import { countInputTokens } from '../../content/count-input-tokens.js';
import { asArray, asRecord, asString } from '../http-helpers.js';
import { ociInvalid } from './oci-errors.js';
import { ociResult } from './oci-result.js';
import { ociSse } from './oci-sse.js';
import { ociCohereUsage } from './oci-usage.js';
import { pickCohereTool, TOOL_PLAN } from './pick-oci-tool.js';

/** Words in message, preambleOverride and chatHistory[].message (at least 1). */
export function ociCohereInputTokens(chat: Record<string, unknown>): number {
  const texts = [chat.preambleOverride, chat.message];
  for (const m of asArray(chat.chatHistory)) texts.push(asRecord(m)?.message);
  return countInputTokens({
    content: texts.filter(t => typeof t === 'string'),
  });
}

export function cohereChat(
  req: MockRequest,
  chat: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  const message = asString(chat.message);
  if (message === undefined)
    return ociInvalid(req, 'chatRequest.message', 'must be a string');
  const tool = pickCohereTool(req, chat);
  const text = tool === undefined ? req.plan.text : TOOL_PLAN;
  const calls = tool === undefined ? {} : { toolCalls: [tool] };
  const usage = ociCohereUsage({
    ...req.plan.usage,
    inputTokens: ociCohereInputTokens(chat),
  });
  const chatHistory = [
    ...asArray(chat.chatHistory),
    { role: 'USER', message },
    { role: 'CHATBOT', message: text, ...calls },
  ];
  const answer = {
    apiFormat: 'COHERE',
    text,
    chatHistory,
    finishReason: 'COMPLETE',
    ...calls,
    usage,
  };
  if (chat.isStream !== true)
    return ociResult(req, 'chatResponse', answer, headers);
  const deltas = tool === undefined ? req.plan.pieces : [TOOL_PLAN];
  return ociSse(
    [...deltas.map(piece => ({ apiFormat: 'COHERE', text: piece })), answer],
    0,
    true,
    headers,
  );
}
