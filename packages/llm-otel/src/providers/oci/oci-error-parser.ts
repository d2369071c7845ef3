// OCI error bodies are `{"code":"NotAuthorizedOrNotFound","message":"…"}`
// (the SDK's OciError takes serviceCode from `code`): a top-level code,
// which common/error-type.ts does not read.

import { createBodyParser } from '../common/response-parsers.js';
import { errorTypeFromBody } from '../common/error-type.js';
import { obj, parseJson, str } from '../json/json-value.js';
import type { ResponseFacts, ResponseParser } from '../types.js';

const CODE = /^[A-Za-z][\w.-]{0,63}$/;

/** The error code of an OCI error body, or of another known error shape. */
export function ociErrorType(body: unknown): string | undefined {
  const code = str(obj(body)?.['code']);
  if (code !== undefined && CODE.test(code)) return code;
  return errorTypeFromBody(body);
}

/** For non-2xx answers: only the error code is of interest. */
export function createOciErrorParser(): ResponseParser {
  return createBodyParser((body, cut) => {
    const facts: ResponseFacts = { complete: !cut };
    if (typeof body !== 'string') return facts;
    const errorType = ociErrorType(parseJson(body));
    if (errorType !== undefined) facts.errorType = errorType;
    return facts;
  }, 64 * 1024);
}
