// Request facts for Cohere v2 chat (POST /v2/chat): k → top_k, p → top_p.

import {
  arr,
  isObject,
  obj,
  parseBodyObject,
  str,
} from '../json/json-value.js';
import type { ParseOptions, ProviderMatch, RequestFacts } from '../types.js';
import { toolDefinition } from '../common/parts.js';
import { cohereInputMessages } from './cohere-messages.js';
import { cohereSamplingFacts } from './cohere-sampling-facts.js';

export function parseCohereChatRequest(
  match: ProviderMatch,
  body: Uint8Array | string | undefined,
  options: ParseOptions,
): RequestFacts | undefined {
  const o = parseBodyObject(body);
  if (o === undefined) return undefined;
  if (match.confirmByBody && o['messages'] === undefined) return undefined;
  const facts = cohereSamplingFacts(o, match);
  const format = str(obj(o['response_format'])?.['type']);
  if (format === 'json_object') facts.outputType = 'json';
  else if (format === 'text') facts.outputType = 'text';
  if (options.captureContent) {
    facts.inputMessages = cohereInputMessages(o['messages']);
    const tools = arr(o['tools']);
    if (tools !== undefined)
      facts.toolDefinitions = tools
        .filter(isObject)
        .map(t =>
          toolDefinition(
            str(t['type']) ?? 'function',
            str(obj(t['function'])?.['name']) ?? '',
          ),
        );
  }
  return facts;
}

/** Billed units when present, else the raw token counts. */
