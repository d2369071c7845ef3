// OCI chat, apiFormat GENERIC (Meta, xAI, Google, OpenAI models): OpenAI-like
// choices in camelCase with upper-case roles and typed content. Streams:
// per choice an empty TEXT event, one event per piece, then the finish event
// (finishReason stop, or tool_calls); with streamOptions.isIncludeUsage one
// more event `{usage}` after the last finish, as OpenAI's include_usage.
import type { MockHeaders, MockRequest, MockResponse } from '../../types.js';
import { splitString } from '../http-helpers.js';
import type { PickedTool } from '../openai/pick-tool.js';
import { ociTime } from './oci-ids.js';
import { ociResult } from './oci-result.js';
import { includeUsage, ociSse } from './oci-sse.js';
import { ociUsage } from './oci-usage.js';
import { pickGenericTool } from './pick-oci-tool.js';

const ROLE = 'ASSISTANT';

const textMessage = (text: string) => ({
  role: ROLE,
  content: [{ type: 'TEXT', text }],
});

export function genericChat(
  req: MockRequest,
  chat: Record<string, unknown>,
  headers: MockHeaders,
): MockResponse {
  const n =
    typeof chat.numGenerations === 'number' && chat.numGenerations > 0
      ? Math.floor(chat.numGenerations)
      : 1;
  const tool = pickGenericTool(req, chat);
  const finishReason = tool === undefined ? 'stop' : 'tool_calls';
  const callId = `call_${req.plan.id}`;
  if (chat.isStream !== true) {
    const message =
      tool === undefined
        ? textMessage(req.plan.text)
        : {
            role: ROLE,
            toolCalls: [
              {
                id: callId,
                type: 'FUNCTION',
                name: tool.name,
                arguments: tool.arguments,
              },
            ],
          };
    const choices = Array.from({ length: n }, (_, index) => ({
      index,
      message,
      finishReason,
      logprobs: {},
    }));
    return ociResult(
      req,
      'chatResponse',
      {
        apiFormat: 'GENERIC',
        timeCreated: ociTime(req),
        choices,
        usage: ociUsage(req.plan.usage, n),
      },
      headers,
    );
  }
  const events: Record<string, unknown>[] = [];
  if (tool === undefined)
    for (let index = 0; index < n; index++)
      events.push({ index, message: textMessage('') });
  const first = events.length;
  for (let index = 0; index < n; index++) {
    if (tool === undefined) {
      for (const piece of req.plan.pieces)
        events.push({ index, message: textMessage(piece) });
    } else {
      streamToolCall(req, tool, callId, index, events);
    }
  }
  for (let index = 0; index < n; index++)
    events.push({
      index,
      message: tool === undefined ? textMessage('') : { role: ROLE },
      finishReason,
    });
  if (includeUsage(chat)) events.push({ usage: ociUsage(req.plan.usage, n) });
  return ociSse(events, first, true, headers);
}

/** A call opens with its id, name and no arguments; fragments follow without id or name. */
function streamToolCall(
  req: MockRequest,
  tool: PickedTool,
  callId: string,
  index: number,
  events: Record<string, unknown>[],
): void {
  const call = (fields: Record<string, unknown>) => ({
    index,
    message: { role: ROLE, toolCalls: [fields] },
  });
  events.push(
    call({ id: callId, type: 'FUNCTION', name: tool.name, arguments: '' }),
  );
  for (const piece of splitString(tool.arguments, req.plan.pieces.length))
    events.push(call({ type: 'FUNCTION', name: '', arguments: piece }));
}
