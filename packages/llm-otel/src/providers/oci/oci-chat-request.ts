// Request facts for OCI chat (POST /{version}/actions/chat):
// `{compartmentId, servingMode, chatRequest}`, the chatRequest in one of
// three apiFormats: GENERIC (OpenAI-like `messages`, Meta, xAI, Google,
// OpenAI models), COHERE (Cohere v1-like `message` + `chatHistory`) or
// COHEREV2 (Cohere v2-like `messages`).

import { obj, str } from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { textPart } from '../common/parts.js';
import { v1ToolDefinitions } from '../cohere/cohere-v1-messages.js';
import { ociCohereInputMessages } from './oci-cohere-messages.js';
import { ociInputMessages, ociToolDefinitions } from './oci-messages.js';
import { ociGenerationRequest } from './oci-serving-model.js';

/** GENERIC TEXT | JSON_OBJECT | JSON_SCHEMA; COHERE TEXT | JSON_OBJECT. */
function outputTypeOf(type: string | undefined): string | undefined {
  if (type === 'TEXT') return 'text';
  if (type === 'JSON_OBJECT' || type === 'JSON_SCHEMA') return 'json';
  return undefined;
}

export function parseOciChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const base = ociGenerationRequest(match, body, 'chatRequest');
  if (base === undefined) return undefined;
  const { inner: chat, facts } = base;
  if (chat === undefined) return facts;
  const outputType = outputTypeOf(str(obj(chat['responseFormat'])?.['type']));
  if (outputType !== undefined) facts.outputType = outputType;
  const effort = str(chat['reasoningEffort']);
  if (effort !== undefined) facts.reasoningLevel = effort;
  if (!options.captureContent) return facts;
  if (chat['apiFormat'] === 'COHERE' || typeof chat['message'] === 'string') {
    facts.inputMessages = ociCohereInputMessages(chat);
    const preamble = str(chat['preambleOverride']);
    if (preamble !== undefined) facts.systemInstructions = [textPart(preamble)];
    const tools = v1ToolDefinitions(chat['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  } else {
    facts.inputMessages = ociInputMessages(chat['messages']);
    const tools = ociToolDefinitions(chat['tools']);
    if (tools !== undefined) facts.toolDefinitions = tools;
  }
  return facts;
}
