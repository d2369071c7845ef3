// Which tool a Converse request should call, by the same rule as the OpenAI
// handler: the first toolSpec (or the one toolChoice.tool names), unless the
// scenario says tools=off or the last message already carries a toolResult.
import type { MockRequest } from '../../types.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString } from '../http-helpers.js';

export interface ConverseTool {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export function pickConverseTool(req: MockRequest): ConverseTool | undefined {
  const body = asRecord(req.json);
  if (body === undefined || !req.plan.toolCalls) return undefined;
  const config = asRecord(body.toolConfig);
  const tools = asArray(config?.tools);
  if (tools.length === 0) return undefined;
  const last = asRecord(asArray(body.messages).at(-1));
  if (asArray(last?.content).some(c => asRecord(c)?.toolResult !== undefined))
    return undefined;
  const chosen = asString(asRecord(asRecord(config?.toolChoice)?.tool)?.name);
  for (const raw of tools) {
    const spec = asRecord(asRecord(raw)?.toolSpec);
    const name = asString(spec?.name);
    if (name === undefined || (chosen !== undefined && name !== chosen))
      continue;
    return { name, input: toolArguments(asRecord(spec?.inputSchema)?.json) };
  }
  return undefined;
}

/** Anthropic messages `tools` (InvokeModel bodies): the first custom tool. */
export function pickAnthropicTool(req: MockRequest): ConverseTool | undefined {
  const body = asRecord(req.json);
  if (body === undefined || !req.plan.toolCalls) return undefined;
  const tools = asArray(body.tools);
  if (tools.length === 0) return undefined;
  if (asRecord(body.tool_choice)?.type === 'none') return undefined;
  const last = asRecord(asArray(body.messages).at(-1));
  if (asArray(last?.content).some(c => asRecord(c)?.type === 'tool_result'))
    return undefined;
  const chosen = asString(asRecord(body.tool_choice)?.name);
  for (const raw of tools) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (name === undefined || (chosen !== undefined && name !== chosen))
      continue;
    return { name, input: toolArguments(tool?.input_schema) };
  }
  return undefined;
}
