// Which requests are Bedrock Runtime calls: POST /model/{modelId}/{op} on
// bedrock-runtime hosts (regional, -fips, .com.cn, VPC endpoints); on any
// other host only under a base URL the user declared, or when the request is
// SigV4-signed for the `bedrock` service (a proxy or private endpoint).

import { decodeSegment } from '../common/decode-segment.js';
import type { MatchOptions, ProviderMatch, WireApi } from '../types.js';

const HOST =
  /(?:^|\.)bedrock-runtime(?:-fips)?\.[a-z0-9-]+\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/;
const PATH =
  /\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/;
const SIGV4_BEDROCK = /Credential=[^,\s]*\/bedrock\/aws4_request/;
/** amazon.titan-embed-text-v2:0, cohere.embed-english-v3, … */
const EMBEDDING_MODEL = /embed/i;

const OPERATIONS: Readonly<Record<string, { api: WireApi; stream: boolean }>> =
  {
    converse: { api: 'bedrock.converse', stream: false },
    'converse-stream': { api: 'bedrock.converse', stream: true },
    invoke: { api: 'bedrock.invoke', stream: false },
    'invoke-with-response-stream': { api: 'bedrock.invoke', stream: true },
  };

export function isBedrockHost(hostname: string): boolean {
  return HOST.test(hostname);
}

/** The path below a declared base URL, or undefined when none applies. */
function underDeclaredBase(
  url: URL,
  options: MatchOptions,
): string | undefined {
  for (const base of options.openAICompatibleBaseUrls) {
    if (base.host !== url.host) continue;
    const prefix = base.pathname.replace(/\/+$/, '');
    if (url.pathname.startsWith(prefix + '/'))
      return url.pathname.slice(prefix.length);
  }
  return undefined;
}

export function matchBedrock(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: MatchOptions,
): ProviderMatch | undefined {
  if (method !== 'POST') return undefined;
  let path: string | undefined;
  if (isBedrockHost(url.hostname)) {
    path = url.pathname;
    if (!path.startsWith('/model/')) return undefined;
  } else {
    // Cheap path test first: most traffic stops here.
    if (!url.pathname.includes('/model/')) return undefined;
    path = underDeclaredBase(url, options);
    if (
      path === undefined &&
      SIGV4_BEDROCK.test(headers['authorization'] ?? '')
    )
      path = url.pathname;
    if (path === undefined) return undefined;
  }
  const m = PATH.exec(path);
  if (m === null || m.index !== 0) return undefined;
  const op = OPERATIONS[m[2] as string];
  if (op === undefined) return undefined;
  const model = decodeSegment(m[1] as string);
  const match: ProviderMatch = {
    provider: 'aws.bedrock',
    // Titan and Cohere embedding models answer InvokeModel too; their ids
    // say so (an inference profile ARN does not: it stays chat).
    operation:
      op.api === 'bedrock.invoke' && EMBEDDING_MODEL.test(model)
        ? 'embeddings'
        : 'chat',
    api: op.api,
    model,
    confirmByBody: false,
  };
  return op.stream ? { ...match, streamFromUrl: true } : match;
}
