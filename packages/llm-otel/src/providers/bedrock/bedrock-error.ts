// Non-2xx Bedrock answers: the exception name comes from x-amzn-errortype
// (`ThrottlingException:http://internal.amazon.com/...`), else from the
// body's `__type` or `code` (the shapes the SDK also reads).

import { createBodyParser } from '../common/response-parsers.js';
import { obj, parseJson, str } from '../json/json-value.js';
import type { ResponseFacts, ResponseMeta, ResponseParser } from '../types.js';
import { exceptionName } from './event-stream-parser.js';

function clean(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const colon = raw.indexOf(':');
  const name = colon < 0 ? raw : raw.slice(0, colon);
  const hash = name.lastIndexOf('#');
  return exceptionName((hash < 0 ? name : name.slice(hash + 1)).trim());
}

export function createBedrockErrorParser(
  response: ResponseMeta,
): ResponseParser {
  const fromHeader = clean(response.headers['x-amzn-errortype']);
  const requestId = response.headers['x-amzn-requestid'];
  return createBodyParser((body, cut) => {
    const facts: ResponseFacts = { complete: !cut };
    if (requestId !== undefined) facts.responseId = requestId;
    let type = fromHeader;
    if (type === undefined && typeof body === 'string') {
      const o = obj(parseJson(body));
      type = clean(str(o?.['__type']) ?? str(o?.['code']));
    }
    if (type !== undefined) facts.errorType = type;
    return facts;
  }, 64 * 1024);
}
