// The URL and header record of a node:http2 request, from its pseudo-headers
// (:method, :scheme, :authority, :path) with the session's authority as the
// default, as Node itself fills them in.

import type { ClientHttp2Session, OutgoingHttpHeaders } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http2';

export function http2RequestUrl(
  session: ClientHttp2Session,
  authority: URL | undefined,
  headers: OutgoingHttpHeaders | undefined,
): URL {
  const scheme =
    headers?.[':scheme'] ??
    (authority?.protocol === 'http:' ? 'http' : undefined) ??
    ((session as { encrypted?: boolean }).encrypted === false
      ? 'http'
      : 'https');
  const host = headers?.[':authority'] ?? authority?.host ?? 'localhost';
  const path = headers?.[':path'] ?? '/';
  return new URL(`${String(scheme)}://${String(host)}${String(path)}`);
}

/** Regular headers only (no pseudo-headers), lower-cased, arrays joined. */
export function http2HeaderRecord(
  headers: OutgoingHttpHeaders | IncomingHttpHeaders,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name.startsWith(':')) continue;
    const value = headers[name];
    if (value == null) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const prior = out[key];
    out[key] = prior === undefined ? text : `${prior}, ${text}`;
  }
  return out;
}
