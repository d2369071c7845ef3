// Framing-level ResponseParser builders shared by every provider: each one
// owns a decoder and hands decoded units to provider code. All of them are
// guarded: a bug in a parser yields incomplete facts, never an exception.

import type { TruncatedText } from '../framing/bounded-text.js';
import { JsonArrayStreamDecoder } from '../framing/json-array-stream-decoder.js';
import type { Line } from '../framing/line-splitter.js';
import { NdjsonDecoder } from '../framing/ndjson-decoder.js';
import { SseDecoder } from '../framing/sse-decoder.js';
import type { SseEvent } from '../framing/sse-decoder.js';
import { parseJson } from '../json/json-value.js';
import type { ResponseFacts, ResponseMeta, ResponseParser } from '../types.js';
import { BoundedBody, DEFAULT_BODY_THRESHOLD } from './bounded-body.js';
import { errorTypeFromBody } from './error-type.js';

export type Framing = 'sse' | 'ndjson' | 'json';

/** The framing the response headers announce, if any. */
export function framingOf(response: ResponseMeta): Framing | undefined {
  const type = response.headers['content-type'];
  if (type === undefined) return undefined;
  if (type.includes('text/event-stream')) return 'sse';
  if (type.includes('ndjson') || type.includes('jsonl')) return 'ndjson';
  if (type.includes('json')) return 'json';
  return undefined;
}

export function isErrorStatus(response: ResponseMeta): boolean {
  return response.status >= 400;
}

/** Wraps a parser so that it never throws into the recorder. */
export function guarded(inner: ResponseParser): ResponseParser {
  let broken = false;
  return {
    push(chunk) {
      if (broken) return 0;
      try {
        return inner.push(chunk);
      } catch {
        broken = true;
        return 0;
      }
    },
    responseModel() {
      if (broken) return null;
      try {
        return inner.responseModel?.();
      } catch {
        broken = true;
        return null;
      }
    },
    finish(cut) {
      if (broken) return { complete: false };
      try {
        return inner.finish(cut);
      } catch {
        return { complete: false };
      }
    },
  };
}

/** Handles one whole body (string) or the two windows of a large one. */
export type BodyHandler = (
  body: string | TruncatedText,
  cut: boolean,
) => ResponseFacts;

export function createBodyParser(
  onBody: BodyHandler,
  threshold: number = DEFAULT_BODY_THRESHOLD,
): ResponseParser {
  const body = new BoundedBody(threshold);
  return guarded({
    push(chunk) {
      body.push(chunk);
      return 0;
    },
    finish(cut) {
      const facts = onBody(body.text(), cut);
      // A cut body cannot parse: that says nothing of what the server sent.
      if (cut) delete facts.malformed;
      return facts;
    },
  });
}

/** For non-2xx answers: only the error code is of interest. */
export function createErrorParser(): ResponseParser {
  return createBodyParser((body, cut) => {
    const facts: ResponseFacts = { complete: !cut };
    if (typeof body !== 'string') return facts;
    const errorType = errorTypeFromBody(parseJson(body));
    if (errorType !== undefined) facts.errorType = errorType;
    return facts;
  }, 64 * 1024);
}

/** Whitespace before the first byte that tells, at most (then: a body). */
const MAX_SNIFFED_BYTES = 64 * 1024;

/** The first byte that is not whitespace or part of a byte order mark. */
function firstSignificant(chunk: Uint8Array): number | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    // space, \t, \n, \r; EF BB BF is the UTF-8 byte order mark
    const skip =
      b === 0x20 ||
      b === 0x09 ||
      b === 0x0a ||
      b === 0x0d ||
      b === 0xef ||
      b === 0xbb ||
      b === 0xbf;
    if (!skip) return b;
  }
  return undefined;
}

/**
 * For a stream request answered with a JSON content type. SDKs read the
 * answer as the request asked (an event stream) whatever its label, and some
 * gateways label event streams application/json: the first byte decides. A
 * JSON body opens with `{` or `[`; anything else is read as the stream.
 */
export function createSniffedParser(
  stream: () => ResponseParser,
  body: () => ResponseParser,
): ResponseParser {
  let inner: ResponseParser | undefined;
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  const decide = (chosen: ResponseParser): number => {
    inner = chosen;
    let chunks = 0;
    for (const chunk of held) chunks += chosen.push(chunk);
    held = [];
    return chunks;
  };
  return guarded({
    push(chunk) {
      if (inner !== undefined) return inner.push(chunk);
      held.push(chunk);
      heldBytes += chunk.length;
      const first = firstSignificant(chunk);
      if (first === undefined)
        return heldBytes > MAX_SNIFFED_BYTES ? decide(body()) : 0;
      return decide(first === 0x7b || first === 0x5b ? body() : stream());
    },
    responseModel: () => inner?.responseModel?.(),
    finish(cut) {
      if (inner === undefined) decide(body());
      return inner!.finish(cut);
    },
  });
}

/**
 * The parser for an SSE-or-JSON API by the response's label and the
 * request's stream flag: an event stream when labelled so, or unlabelled
 * for a stream request; for a stream request labelled JSON, the first byte
 * decides (see createSniffedParser); else a body.
 */
export function framedParser(
  framing: Framing | undefined,
  request: { readonly stream?: boolean },
  stream: () => ResponseParser,
  body: () => ResponseParser,
): ResponseParser {
  if (framing === 'sse') return stream();
  if (request.stream !== true) return body();
  if (framing === undefined) return stream();
  if (framing === 'json') return createSniffedParser(stream, body);
  return body();
}

/**
 * framedParser for the common case: an SSE stream read by `handler`, or a
 * body whose facts `onBody` reads (kept up to `threshold` bytes).
 */
export function sseOrBodyParser(
  response: ResponseMeta,
  request: { readonly stream?: boolean },
  handler: () => StreamHandler<SseEvent>,
  onBody: BodyHandler,
  threshold?: number,
): ResponseParser {
  return framedParser(
    framingOf(response),
    request,
    () => createSseParser(handler()),
    () => createBodyParser(onBody, threshold),
  );
}

/** Receives decoded stream units; returns how many output chunks each held. */
export interface StreamHandler<Unit> {
  onUnit(unit: Unit): number;
  /** See ResponseParser.responseModel. */
  responseModel?(): string | null | undefined;
  finish(cut: boolean): ResponseFacts;
}

export function createSseParser(
  handler: StreamHandler<SseEvent>,
): ResponseParser {
  let chunks = 0;
  const decoder = new SseDecoder(event => {
    chunks += handler.onUnit(event);
  });
  return guarded({
    push(bytes) {
      chunks = 0;
      decoder.push(bytes);
      return chunks;
    },
    responseModel: () => handler.responseModel?.(),
    finish(cut) {
      // After a cut, what the decoder holds is a partial event: not judged.
      if (!cut) decoder.end();
      return handler.finish(cut);
    },
  });
}

export function createNdjsonParser(
  handler: StreamHandler<Line>,
): ResponseParser {
  let chunks = 0;
  const decoder = new NdjsonDecoder(line => {
    chunks += handler.onUnit(line);
  });
  return guarded({
    push(bytes) {
      chunks = 0;
      decoder.push(bytes);
      return chunks;
    },
    responseModel: () => handler.responseModel?.(),
    finish(cut) {
      chunks = 0;
      // After a cut, what the decoder holds is a partial line: not judged.
      if (!cut) decoder.end();
      return handler.finish(cut);
    },
  });
}

export function createJsonArrayParser(
  handler: StreamHandler<Line>,
  onClosed: (closed: boolean) => void,
): ResponseParser {
  let chunks = 0;
  const decoder = new JsonArrayStreamDecoder(element => {
    chunks += handler.onUnit(element);
  });
  return guarded({
    push(bytes) {
      chunks = 0;
      decoder.push(bytes);
      return chunks;
    },
    responseModel: () => handler.responseModel?.(),
    finish(cut) {
      decoder.end();
      onClosed(decoder.closed);
      return handler.finish(cut);
    },
  });
}
