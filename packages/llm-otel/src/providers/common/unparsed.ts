// A response body or stream event that should hold a JSON object and holds
// something else (an HTML page served with 200, a garbled event) is what an
// SDK reading it fails on, so the attempt is marked malformed (see
// attempt-outcome.ts). A blank body is one too (SDKs fail to parse it; the
// recorder leaves statuses that carry no body alone), a blank stream unit is
// not: keep-alive events.

import type { ResponseFacts } from '../types.js';

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** The facts of a whole body that did not parse as a JSON object. */
export function unparsedBody(): ResponseFacts {
  return { complete: false, malformed: true };
}

/** Notes a stream unit that did not parse; returns its chunk count, 0. */
export function noteUnparsed(facts: ResponseFacts, text: string): 0 {
  if (!isBlank(text)) facts.malformed = true;
  return 0;
}
