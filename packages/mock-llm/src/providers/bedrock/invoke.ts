// InvokeModel and InvokeModelWithResponseStream. The body is model-native:
// Anthropic Messages for anthropic.* ids, the Amazon Nova (messages-v1)
// shape for every other chat id (embedding ids: invoke-embed.ts). Non-stream
// token counts also go in headers.
import type { MockRequest, MockResponse } from '../../types.js';
import { asArray, asRecord } from '../http-helpers.js';
import {
  baseModelId,
  bedrockRequestId,
  isAnthropicModel,
  latencyMs,
} from './bedrock-ids.js';
import { billedOutput, converseUsage } from './bedrock-usage.js';
import { eventStreamHeaders } from './converse.js';
import { eventFrame } from './event-stream-encoder.js';
import {
  anthropicInvokeBody,
  anthropicInvokeEvents,
} from './invoke-anthropic.js';

function countHeaders(req: MockRequest): Record<string, string> {
  const u = req.plan.usage;
  const out: Record<string, string> = {
    'x-amzn-requestid': bedrockRequestId(req),
    'x-amzn-bedrock-invocation-latency': String(latencyMs(billedOutput(u))),
    'x-amzn-bedrock-input-token-count': String(u.inputTokens),
    'x-amzn-bedrock-output-token-count': String(billedOutput(u)),
  };
  if (u.cacheReadTokens > 0 || u.cacheWriteTokens > 0) {
    out['x-amzn-bedrock-cache-read-input-token-count'] = String(
      u.cacheReadTokens,
    );
    out['x-amzn-bedrock-cache-write-input-token-count'] = String(
      u.cacheWriteTokens,
    );
  }
  return out;
}

function novaBody(req: MockRequest): Record<string, unknown> {
  return {
    output: {
      message: { role: 'assistant', content: [{ text: req.plan.text }] },
    },
    stopReason: 'end_turn',
    usage: converseUsage(req.plan.usage),
  };
}

/** Nova stream events (messages-v1), each wrapped like Anthropic's. */
function novaEvents(req: MockRequest): Record<string, unknown>[] {
  const u = req.plan.usage;
  return [
    { messageStart: { role: 'assistant' } },
    ...req.plan.pieces.map(piece => ({
      contentBlockDelta: { delta: { text: piece }, contentBlockIndex: 0 },
    })),
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: 'end_turn' } },
    {
      metadata: {
        usage: { inputTokens: u.inputTokens, outputTokens: billedOutput(u) },
      },
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: u.inputTokens,
        outputTokenCount: billedOutput(u),
        invocationLatency: latencyMs(billedOutput(u)),
        firstByteLatency: 100,
      },
    },
  ];
}

export function invokeModel(req: MockRequest): MockResponse {
  const body = isAnthropicModel(baseModelId(req))
    ? anthropicInvokeBody(req)
    : novaBody(req);
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...countHeaders(req) },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function chunkFrame(event: unknown): Buffer {
  return eventFrame('chunk', {
    bytes: Buffer.from(JSON.stringify(event)).toString('base64'),
  });
}

export function invokeModelStream(req: MockRequest): MockResponse {
  const anthropic = isAnthropicModel(baseModelId(req));
  const { events, firstTokenEvent } = anthropic
    ? anthropicInvokeEvents(req)
    : { events: novaEvents(req), firstTokenEvent: 1 };
  return {
    status: 200,
    headers: {
      ...eventStreamHeaders(req),
      'x-amzn-bedrock-content-type': 'application/json',
    },
    chunks: events.map(chunkFrame),
    firstTokenChunk: firstTokenEvent,
  };
}

/** True when an InvokeModel body looks like a request we can answer. */
export function invokeBodyOk(req: MockRequest): boolean {
  const body = asRecord(req.json);
  if (body === undefined) return false;
  return (
    asArray(body.messages).length > 0 ||
    typeof body.prompt === 'string' ||
    typeof body.inputText === 'string'
  );
}
