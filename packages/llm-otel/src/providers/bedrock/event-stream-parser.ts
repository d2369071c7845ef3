// ResponseParser over the binary event stream, and the error reading every
// Bedrock stream shares: exception and error messages inside a 200 stream.

import { guarded } from '../common/response-parsers.js';
import type { StreamHandler } from '../common/response-parsers.js';
import { obj, parseJson } from '../json/json-value.js';
import type { JsonObject } from '../json/json-value.js';
import type { ResponseParser } from '../types.js';
import { EventStreamDecoder } from './event-stream-decoder.js';
import type { EventMessage } from './event-stream-decoder.js';

const utf8 = new TextDecoder('utf-8');

export function createEventStreamParser(
  handler: StreamHandler<EventMessage>,
): ResponseParser {
  let chunks = 0;
  const decoder = new EventStreamDecoder(message => {
    chunks += handler.onUnit(message);
  });
  return guarded({
    push(bytes) {
      chunks = 0;
      decoder.push(bytes);
      return chunks;
    },
    responseModel: () => handler.responseModel?.(),
    finish(cut) {
      const facts = handler.finish(cut || decoder.broken || !decoder.idle);
      // A frame that fails its length or CRC check in a body that was not
      // cut: the stream is garbled (the AWS SDK fails on it too).
      if (!cut && decoder.broken) facts.malformed = true;
      return facts;
    },
  });
}

export function headerString(
  message: EventMessage,
  name: string,
): string | undefined {
  const v = message.headers[name];
  return typeof v === 'string' ? v : undefined;
}

export function payloadJson(message: EventMessage): JsonObject | undefined {
  return obj(parseJson(utf8.decode(message.payload)));
}

const CODE = /^[A-Za-z][\w.-]{0,63}$/;

/** `throttlingException` -> `ThrottlingException`, as x-amzn-errortype names it. */
export function exceptionName(raw: string | undefined): string | undefined {
  if (raw === undefined || !CODE.test(raw)) return undefined;
  return raw.charAt(0).toUpperCase() + raw.slice(1);
}

/** The error type of an `exception` or `error` message, else undefined. */
export function streamError(message: EventMessage): string | undefined {
  const kind = headerString(message, ':message-type');
  if (kind === 'exception')
    return exceptionName(headerString(message, ':exception-type')) ?? '_OTHER';
  if (kind === 'error')
    return exceptionName(headerString(message, ':error-code')) ?? '_OTHER';
  return undefined;
}
