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
