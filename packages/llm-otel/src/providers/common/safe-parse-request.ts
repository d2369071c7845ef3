// Request parsing that never throws. On a known host the URL already proves
// LLM traffic, so a body we cannot read (absent, compressed, malformed) still
// yields the facts the URL gives; only path-matched traffic on unknown hosts
// (`confirmByBody`) is dropped when the body does not have the right shape.

import type { ProviderMatch, RequestFacts } from '../types.js';

export function urlFacts(match: ProviderMatch): RequestFacts {
  const facts: RequestFacts = {};
  if (match.model !== undefined) facts.model = match.model;
  if (match.streamFromUrl === true) facts.stream = true;
  return facts;
}

export function safeParseRequest(
  match: ProviderMatch,
  parse: () => RequestFacts | undefined,
): RequestFacts | undefined {
  let facts: RequestFacts | undefined;
  try {
    facts = parse();
  } catch {
    facts = undefined;
  }
  if (facts !== undefined || match.confirmByBody) return facts;
  return urlFacts(match);
}
