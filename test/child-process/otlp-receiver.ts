// A small OTLP/HTTP receiver for child-process tests: accepts POST /v1/traces
// and /v1/metrics in http/json, and http/protobuf for traces (decoded by
// decode-otlp-protobuf.ts), and keeps flattened spans and metric points.

import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequest } from './decode-otlp-protobuf.js';

export type AttributeValue = string | number | boolean | AttributeValue[];
export type FlatAttributes = Record<string, AttributeValue>;

export interface ReceivedSpan {
  name: string;
  kind: number;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  status: { code: number };
  attributes: FlatAttributes;
  resource: FlatAttributes;
}

export interface ReceivedPoint {
  metric: string;
  attributes: FlatAttributes;
  /** Sum of a counter, or { count, sum } of a histogram. */
  value: number | { count: number; sum: number };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}

function value(v: OtlpValue): AttributeValue {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(value);
  return '';
}

export function flatten(list: OtlpKeyValue[] | undefined): FlatAttributes {
  const out: FlatAttributes = {};
  for (const kv of list ?? []) out[kv.key] = value(kv.value);
  return out;
}

interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        status?: { code?: number };
        attributes?: OtlpKeyValue[];
      }[];
    }[];
  }[];
}

interface OtlpDataPoint {
  attributes?: OtlpKeyValue[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  sum?: number;
}
interface OtlpMetricsRequest {
  resourceMetrics?: {
    scopeMetrics?: {
      metrics?: {
        name: string;
        sum?: { dataPoints?: OtlpDataPoint[] };
        histogram?: { dataPoints?: OtlpDataPoint[] };
      }[];
    }[];
  }[];
}

export function spansOf(request: OtlpTraceRequest): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = flatten(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        out.push({
          name: s.name,
          kind: s.kind,
          scope: ss.scope?.name ?? '',
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          status: { code: s.status?.code ?? 0 },
          attributes: flatten(s.attributes),
          resource,
        });
  }
  return out;
}

function pointsOf(request: OtlpMetricsRequest): ReceivedPoint[] {
  const out: ReceivedPoint[] = [];
  for (const rm of request.resourceMetrics ?? [])
    for (const sm of rm.scopeMetrics ?? [])
      for (const m of sm.metrics ?? []) {
        for (const p of m.sum?.dataPoints ?? [])
          out.push({
            metric: m.name,
            attributes: flatten(p.attributes),
            value: Number(p.asInt ?? p.asDouble ?? 0),
          });
        for (const p of m.histogram?.dataPoints ?? [])
          out.push({
            metric: m.name,
            attributes: flatten(p.attributes),
            value: { count: Number(p.count ?? 0), sum: p.sum ?? 0 },
          });
      }
  return out;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly points: ReceivedPoint[];
  /** Content types of the requests received, in order. */
  readonly contentTypes: string[];
  /** Every request body as received (protobuf as latin1), for secret scans. */
  readonly raw: string[];
  /** Value of the x-test-header request header of each request. */
  readonly testHeaders: string[];
  /** Content-Encoding of each request ('' for none). */
  readonly encodings: string[];
  clear(): void;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const contentTypes: string[] = [];
  const raw: string[] = [];
  const testHeaders: string[] = [];
  const encodings: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const encoding = String(req.headers['content-encoding'] ?? '');
      encodings.push(encoding);
      const received = Buffer.concat(chunks);
      let body = received;
      try {
        if (encoding === 'gzip') body = gunzipSync(received);
      } catch {
        // Left as received: it fails to parse below, visibly.
      }
      const type = req.headers['content-type'] ?? '';
      contentTypes.push(`${req.url ?? ''} ${type}`);
      raw.push(body.toString('latin1'));
      testHeaders.push(String(req.headers['x-test-header'] ?? ''));
      try {
        const json = type.includes('json');
        if (req.url === '/v1/traces')
          spans.push(
            ...spansOf(
              json
                ? (JSON.parse(body.toString('utf8')) as OtlpTraceRequest)
                : (decodeTraceRequest(body) as OtlpTraceRequest),
            ),
          );
        else if (req.url === '/v1/metrics' && json)
          points.push(
            ...pointsOf(
              JSON.parse(body.toString('utf8')) as OtlpMetricsRequest,
            ),
          );
      } catch {
        // A bad export is visible as missing data in the assertions.
      }
      res.writeHead(200, { 'content-type': type || 'application/json' });
      res.end(type.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    points,
    contentTypes,
    raw,
    testHeaders,
    encodings,
    clear() {
      encodings.length = 0;
      raw.length = 0;
      testHeaders.length = 0;
      spans.length = 0;
      points.length = 0;
      contentTypes.length = 0;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
