// OCI streams: data-only SSE events, no `[DONE]`. The content type is exactly
// `text/event-stream`: the SDK hands the body back as a stream only then.
// GENERIC and COHERE events carry a `pad` field (the service pads events to
// hide their lengths); here its length is a fixed function of the event index.
import type { MockHeaders, MockStreamResponse } from '../../types.js';
import { asRecord, sseFrame, sseResponse } from '../http-helpers.js';

/** `pad` of the event at `index`: 1 to 24 'a's. */
export function ociPad(index: number): string {
  return 'a'.repeat(1 + ((index * 7) % 24));
}

/** Data-only events, `pad` added to each when `padded`. */
export function ociSse(
  events: readonly Record<string, unknown>[],
  firstTokenChunk: number,
  padded: boolean,
  headers: MockHeaders,
): MockStreamResponse {
  return sseResponse(
    events.map((e, i) => sseFrame(padded ? { ...e, pad: ociPad(i) } : e)),
    firstTokenChunk,
    { ...headers, 'content-type': 'text/event-stream' },
  );
}

/** True when the request's streamOptions ask for usage. */
export function includeUsage(request: Record<string, unknown>): boolean {
  return asRecord(request.streamOptions)?.isIncludeUsage === true;
}
