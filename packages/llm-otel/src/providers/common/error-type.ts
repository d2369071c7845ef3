// Low-cardinality error codes from provider error bodies, for error.type.
// Messages are never used: they carry ids, numbers and user text.

import { arr, isObject, num, str } from '../json/json-value.js';

/** Used when a body says "error" without any code (e.g. Ollama mid-stream). */
export const OTHER_ERROR = '_OTHER';

const CODE = /^[A-Za-z][\w.-]{0,63}$/;

function code(value: unknown): string | undefined {
  const s = str(value);
  return s !== undefined && CODE.test(s) ? s : undefined;
}

/**
 * Reads the error code from a parsed error body:
 * - OpenAI `{error:{code,type}}` (code first: it is the finer one);
 * - Anthropic `{type:"error",error:{type}}`;
 * - Gemini `{error:{code:429,status:"RESOURCE_EXHAUSTED"}}`, also wrapped in
 *   an array by the JSON-array stream;
 * - OpenAI Responses stream `{type:"error",code}`;
 * - Mistral and vLLM top-level `{object:"error",type,code}`;
 * - watsonx.ai `{errors:[{code:"model_not_supported",message}],status_code}`;
 * - Ollama `{error:"text"}` and Cohere `{message:"text"}` carry no code: the
 *   HTTP status says more, so these give undefined.
 */
export function errorTypeFromBody(body: unknown): string | undefined {
  const first = arr(body);
  if (first !== undefined) return errorTypeFromBody(first[0]);
  if (!isObject(body)) return undefined;
  const error = body['error'];
  if (isObject(error)) {
    return (
      code(error['status']) ??
      code(error['code']) ??
      code(error['type']) ??
      (num(error['code']) !== undefined ? String(error['code']) : undefined)
    );
  }
  if (body['type'] === 'error') return code(body['code']);
  const errors = arr(body['errors']);
  if (errors !== undefined && isObject(errors[0]))
    return code(errors[0]['code']);
  // Mistral and vLLM: {"object":"error","type":"invalid_request_error",...}.
  if (body['object'] === 'error')
    return code(body['code']) ?? code(body['type']);
  return undefined;
}

/** Like errorTypeFromBody, but any body that names an error gives at least _OTHER. */
export function streamErrorType(body: unknown): string | undefined {
  const found = errorTypeFromBody(body);
  if (found !== undefined) return found;
  if (isObject(body) && body['error'] !== undefined && body['error'] !== null)
    return OTHER_ERROR;
  return undefined;
}
