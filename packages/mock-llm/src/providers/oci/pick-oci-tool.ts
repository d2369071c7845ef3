// Which tool (if any) an OCI chat request should call, per apiFormat. The
// model answers in text when the scenario says tools=off, the tool choice is
// NONE, or the conversation already carries the tool's result.
import type { MockRequest } from '../../types.js';
import { toolArguments } from '../../content/tool-arguments.js';
import { asArray, asRecord, asString } from '../http-helpers.js';
import { pythonJsonType } from '../cohere/python-json-type.js';
import type { PickedTool } from '../openai/pick-tool.js';

/** COHERE tool calls have no id and parameters as an object. */
export interface CohereToolCall {
  readonly name: string;
  readonly parameters: Record<string, unknown>;
}

/**
 * GENERIC: the first `{type: "FUNCTION", name, parameters}` tool, or the one
 * `toolChoice: {type: "FUNCTION", name}` names; none when toolChoice is
 * `{type: "NONE"}` or the last message has role TOOL.
 */
export function pickGenericTool(
  req: MockRequest,
  chat: Record<string, unknown>,
): PickedTool | undefined {
  if (!req.plan.toolCalls) return undefined;
  const choice = asRecord(chat.toolChoice);
  if (choice?.type === 'NONE') return undefined;
  if (asRecord(asArray(chat.messages).at(-1))?.role === 'TOOL')
    return undefined;
  const chosen =
    choice?.type === 'FUNCTION' ? asString(choice.name) : undefined;
  for (const raw of asArray(chat.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (name === undefined || (chosen !== undefined && name !== chosen))
      continue;
    return {
      name,
      arguments: JSON.stringify(toolArguments(tool?.parameters)),
    };
  }
  return undefined;
}

/**
 * COHERE: the first `{name, parameterDefinitions}` tool, its parameters
 * filled by their Python types; none when the request brings toolResults.
 */
export function pickCohereTool(
  req: MockRequest,
  chat: Record<string, unknown>,
): CohereToolCall | undefined {
  if (!req.plan.toolCalls || asArray(chat.toolResults).length > 0)
    return undefined;
  for (const raw of asArray(chat.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool?.name);
    if (name === undefined) continue;
    const properties: Record<string, unknown> = {};
    for (const [k, def] of Object.entries(
      asRecord(tool?.parameterDefinitions) ?? {},
    ))
      properties[k] = { type: pythonJsonType(asRecord(def)?.type) };
    return { name, parameters: toolArguments({ properties }) };
  }
  return undefined;
}

/**
 * COHEREV2: the first `{type: "FUNCTION", function: {name, parameters}}`
 * tool; none when toolsChoice is NONE or the last message has role TOOL.
 */
export function pickCohereV2Tool(
  req: MockRequest,
  chat: Record<string, unknown>,
): PickedTool | undefined {
  if (!req.plan.toolCalls || chat.toolsChoice === 'NONE') return undefined;
  if (asRecord(asArray(chat.messages).at(-1))?.role === 'TOOL')
    return undefined;
  for (const raw of asArray(chat.tools)) {
    const fn = asRecord(asRecord(raw)?.function);
    const name = asString(fn?.name);
    if (name === undefined) continue;
    return { name, arguments: JSON.stringify(toolArguments(fn?.parameters)) };
  }
  return undefined;
}

/** What the Cohere formats say beside a tool call (COHERE text, COHEREV2 toolPlan). */
export const TOOL_PLAN = 'I will call the tool.';
