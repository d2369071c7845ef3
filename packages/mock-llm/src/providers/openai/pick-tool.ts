// Which function tool (if any) an OpenAI-shaped chat request should call.
import type { MockRequest } from '../../types.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString } from '../http-helpers.js';

export interface PickedTool {
  readonly name: string;
  readonly arguments: string;
}

/**
 * The first function tool (or the one tool_choice names), unless tool_choice
 * is "none", the scenario says tools=off, or the conversation already ends
 * with a tool result (role "tool"), in which case the model answers in text.
 */
export function pickChatTool(req: MockRequest): PickedTool | undefined {
  const body = asRecord(req.json);
  if (body === undefined || !req.plan.toolCalls) return undefined;
  const tools = asArray(body.tools);
  if (tools.length === 0 || body.tool_choice === 'none') return undefined;
  const last = asRecord(asArray(body.messages).at(-1));
  if (last?.role === 'tool') return undefined;
  const chosen = asString(asRecord(asRecord(body.tool_choice)?.function)?.name);
  for (const raw of tools) {
    const fn = asRecord(asRecord(raw)?.function) ?? asRecord(raw);
    const name = asString(fn?.name);
    if (name === undefined || (chosen !== undefined && name !== chosen))
      continue;
    return {
      name,
      arguments: JSON.stringify(toolArguments(fn?.parameters)),
    };
  }
  return undefined;
}
