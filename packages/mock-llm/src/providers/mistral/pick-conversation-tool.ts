// Which function tool (if any) a Conversations request should call.
import type { MockRequest } from '../../types.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString } from '../http-helpers.js';
import type { PickedTool } from '../openai/pick-tool.js';

/**
 * The first `type: "function"` tool (built-in tools such as web_search are
 * run by Mistral, not called back), unless completion_args.tool_choice is
 * "none", the scenario says tools=off, or the inputs end with a
 * function.result entry, in which case the model answers in text.
 */
export function pickConversationTool(
  req: MockRequest,
  body: Record<string, unknown>,
): PickedTool | undefined {
  if (!req.plan.toolCalls) return undefined;
  if (asRecord(body.completion_args)?.tool_choice === 'none') return undefined;
  if (asRecord(asArray(body.inputs).at(-1))?.type === 'function.result')
    return undefined;
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    if (tool?.type !== 'function') continue;
    const fn = asRecord(tool.function);
    const name = asString(fn?.name);
    if (name === undefined) continue;
    return { name, arguments: JSON.stringify(toolArguments(fn?.parameters)) };
  }
  return undefined;
}
