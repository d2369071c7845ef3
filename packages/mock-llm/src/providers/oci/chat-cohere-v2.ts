// OCI chat, apiFormat COHEREV2 (Cohere v2 chat in camelCase): `messages` of
// typed content in; `{id, message, finishReason, usage}` out, finishReason
// COMPLETE, or TOOL_CALL with `toolPlan` and `toolCalls`. Streams: one
// `{apiFormat, message}` event per piece (a tool call: the plan, then the
// whole call), then `{apiFormat, message: {role}, finishReason, usage}`.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import { ociInvalid } from './oci-errors.js';
import { ociUuid } from './oci-ids.js';
import { ociResult } from './oci-result.js';
import { ociSse } from './oci-sse.js';
import { ociCohereUsage } from './oci-usage.js';
import { pickCohereV2Tool, TOOL_PLAN } from './pick-oci-tool.js';

const ROLE = 'ASSISTANT';

export function cohereV2Chat(
  req: MockRequest,
  chat: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  if (!Array.isArray(chat.messages))
    return ociInvalid(req, 'chatRequest.messages', 'must be an array');
  const tool = pickCohereV2Tool(req, chat);
  const finishReason = tool === undefined ? 'COMPLETE' : 'TOOL_CALL';
  const usage = ociCohereUsage(req.plan.usage);
  const call =
    tool === undefined
      ? undefined
      : {
          id: `${tool.name}_${req.plan.id.slice(0, 8)}`,
          type: 'FUNCTION',
          function: { name: tool.name, arguments: tool.arguments },
        };
  if (chat.isStream !== true) {
    const message =
      call === undefined
        ? { role: ROLE, content: [{ type: 'TEXT', text: req.plan.text }] }
        : { role: ROLE, toolPlan: TOOL_PLAN, toolCalls: [call] };
    return ociResult(
      req,
      'chatResponse',
      {
        apiFormat: 'COHEREV2',
        id: ociUuid(req),
        message,
        finishReason,
        usage,
      },
      headers,
    );
  }
  const messages =
    call === undefined
      ? req.plan.pieces.map(text => ({
          role: ROLE,
          content: [{ type: 'TEXT', text }],
        }))
      : [
          { role: ROLE, toolPlan: TOOL_PLAN },
          { role: ROLE, toolCalls: [call] },
        ];
  return ociSse(
    [
      ...messages.map(message => ({ apiFormat: 'COHEREV2', message })),
      { apiFormat: 'COHEREV2', message: { role: ROLE }, finishReason, usage },
    ],
    0,
    false,
    headers,
  );
}
