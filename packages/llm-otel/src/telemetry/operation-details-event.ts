// Content on events (EVENT_ONLY, SPAN_AND_EVENT): one
// `gen_ai.client.inference.operation.details` log record per inference
// attempt, with the span's attributes plus the content in structured form
// (not JSON strings), severity DEBUG, in the context of our span.

import { trace } from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import type { AnyValue, LogAttributes, Logger } from '@opentelemetry/api-logs';
import type { RequestFacts, ResponseFacts } from '../providers/types.js';
import { cappedJson } from './capped-json.js';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
} from './semconv.js';

const CONTENT_KEYS = new Set([
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
]);

/** `value` shortened like the span attributes, but kept structured. */
function capped(value: unknown, max: number): AnyValue | undefined {
  if (value === undefined) return undefined;
  const json = cappedJson(value, max);
  return json === undefined ? undefined : (JSON.parse(json) as AnyValue);
}

export function emitOperationDetails(
  logger: Logger,
  parent: Context,
  span: Span,
  attributes: Attributes,
  request: RequestFacts,
  response: ResponseFacts,
  maxLength: number,
): void {
  const out: LogAttributes = {};
  for (const [key, value] of Object.entries(attributes))
    if (!CONTENT_KEYS.has(key) && value !== undefined) out[key] = value;
  const content: [string, unknown][] = [
    [ATTR_GEN_AI_INPUT_MESSAGES, request.inputMessages],
    [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, request.systemInstructions],
    [ATTR_GEN_AI_TOOL_DEFINITIONS, request.toolDefinitions],
    [ATTR_GEN_AI_OUTPUT_MESSAGES, response.outputMessages],
  ];
  for (const [key, value] of content) {
    const structured = capped(value, maxLength);
    if (structured !== undefined) out[key] = structured;
  }
  logger.emit({
    eventName: EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
    severityNumber: SeverityNumber.DEBUG,
    severityText: 'DEBUG',
    attributes: out,
    context: trace.setSpan(parent, span),
  });
}
