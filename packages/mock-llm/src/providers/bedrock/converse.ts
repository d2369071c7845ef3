// Converse (one JSON body) and ConverseStream (event stream) answers.
import type { MockRequest, MockResponse } from '../../types.js';
import { jsonResponse, splitString } from '../http-helpers.js';
import { bedrockRequestId, latencyMs, padding } from './bedrock-ids.js';
import { billedOutput, converseUsage } from './bedrock-usage.js';
import { eventFrame } from './event-stream-encoder.js';
import { pickConverseTool } from './pick-converse-tool.js';

export function toolUseId(req: MockRequest): string {
  return `tooluse_${req.plan.id}`;
}

export function converse(req: MockRequest): MockResponse {
  const tool = pickConverseTool(req);
  const content =
    tool === undefined
      ? [{ text: req.plan.text }]
      : [
          {
            toolUse: {
              toolUseId: toolUseId(req),
              name: tool.name,
              input: tool.input,
            },
          },
        ];
  return jsonResponse(
    200,
    {
      output: { message: { role: 'assistant', content } },
      stopReason: tool === undefined ? 'end_turn' : 'tool_use',
      usage: converseUsage(req.plan.usage),
      metrics: { latencyMs: latencyMs(billedOutput(req.plan.usage)) },
    },
    { 'x-amzn-requestid': bedrockRequestId(req) },
  );
}

export function eventStreamHeaders(req: MockRequest): Record<string, string> {
  return {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': bedrockRequestId(req),
  };
}

export function converseStream(req: MockRequest): MockResponse {
  const tool = pickConverseTool(req);
  let n = 0;
  const frame = (type: string, payload: Record<string, unknown>): Buffer =>
    eventFrame(type, { ...payload, p: padding(n++) });
  const chunks: Buffer[] = [frame('messageStart', { role: 'assistant' })];
  let firstTokenChunk = 1;
  if (tool === undefined) {
    for (const piece of req.plan.pieces) {
      chunks.push(
        frame('contentBlockDelta', {
          contentBlockIndex: 0,
          delta: { text: piece },
        }),
      );
    }
  } else {
    chunks.push(
      frame('contentBlockStart', {
        contentBlockIndex: 0,
        start: { toolUse: { toolUseId: toolUseId(req), name: tool.name } },
      }),
    );
    firstTokenChunk = 2;
    const input = JSON.stringify(tool.input);
    for (const piece of splitString(input, req.plan.pieces.length)) {
      chunks.push(
        frame('contentBlockDelta', {
          contentBlockIndex: 0,
          delta: { toolUse: { input: piece } },
        }),
      );
    }
  }
  chunks.push(frame('contentBlockStop', { contentBlockIndex: 0 }));
  chunks.push(
    frame('messageStop', {
      stopReason: tool === undefined ? 'end_turn' : 'tool_use',
    }),
  );
  chunks.push(
    frame('metadata', {
      usage: converseUsage(req.plan.usage),
      metrics: { latencyMs: latencyMs(billedOutput(req.plan.usage)) },
    }),
  );
  return {
    status: 200,
    headers: eventStreamHeaders(req),
    chunks,
    firstTokenChunk,
  };
}
