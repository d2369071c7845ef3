// Decodes an OTLP ExportTraceServiceRequest (http/protobuf) into the shape of
// its OTLP/JSON encoding, for the fields the tests read. A small protobuf wire
// reader: varint, fixed64, length-delimited and fixed32 fields.

interface Field {
  no: number;
  wire: number;
  /** varint value (as number; our ints are small) or fixed bits. */
  num: number;
  bytes: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[at++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const empty = new Uint8Array(0);
  while (at < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) yield { no, wire, num: varint(), bytes: empty };
    else if (wire === 1) {
      const bytes = buf.subarray(at, at + 8);
      at += 8;
      yield { no, wire, num: 0, bytes };
    } else if (wire === 2) {
      const len = varint();
      const bytes = buf.subarray(at, at + len);
      at += len;
      yield { no, wire, num: 0, bytes };
    } else if (wire === 5) {
      const bytes = buf.subarray(at, at + 4);
      at += 4;
      yield { no, wire, num: 0, bytes };
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

type Json = Record<string, unknown>;

function anyValue(buf: Uint8Array): Json {
  for (const f of fields(buf)) {
    switch (f.no) {
      case 1:
        return { stringValue: text(f.bytes) };
      case 2:
        return { boolValue: f.num !== 0 };
      case 3:
        return { intValue: f.num };
      case 4:
        return {
          doubleValue: Buffer.from(f.bytes).readDoubleLE(0),
        };
      case 5: {
        const values: Json[] = [];
        for (const v of fields(f.bytes))
          if (v.no === 1) values.push(anyValue(v.bytes));
        return { arrayValue: { values } };
      }
    }
  }
  return {};
}

function keyValue(buf: Uint8Array): Json {
  let key = '';
  let value: Json = {};
  for (const f of fields(buf)) {
    if (f.no === 1) key = text(f.bytes);
    else if (f.no === 2) value = anyValue(f.bytes);
  }
  return { key, value };
}

function span(buf: Uint8Array): Json {
  const out: Json = { attributes: [] as Json[], kind: 0 };
  for (const f of fields(buf)) {
    if (f.no === 1) out.traceId = hex(f.bytes);
    else if (f.no === 2) out.spanId = hex(f.bytes);
    else if (f.no === 4) out.parentSpanId = hex(f.bytes);
    else if (f.no === 5) out.name = text(f.bytes);
    else if (f.no === 6) out.kind = f.num;
    else if (f.no === 9) (out.attributes as Json[]).push(keyValue(f.bytes));
    else if (f.no === 15) {
      let code = 0;
      for (const s of fields(f.bytes)) if (s.no === 3) code = s.num;
      out.status = { code };
    }
  }
  return out;
}

export function decodeTraceRequest(buf: Uint8Array): Json {
  const resourceSpans: Json[] = [];
  for (const rs of fields(buf)) {
    if (rs.no !== 1) continue;
    const entry: Json = { scopeSpans: [] as Json[] };
    for (const f of fields(rs.bytes)) {
      if (f.no === 1) {
        const attributes: Json[] = [];
        for (const a of fields(f.bytes))
          if (a.no === 1) attributes.push(keyValue(a.bytes));
        entry.resource = { attributes };
      } else if (f.no === 2) {
        const scopeSpans: Json = { spans: [] as Json[] };
        for (const s of fields(f.bytes)) {
          if (s.no === 1) {
            for (const sc of fields(s.bytes))
              if (sc.no === 1) scopeSpans.scope = { name: text(sc.bytes) };
          } else if (s.no === 2)
            (scopeSpans.spans as Json[]).push(span(s.bytes));
        }
        (entry.scopeSpans as Json[]).push(scopeSpans);
      }
    }
    resourceSpans.push(entry);
  }
  return { resourceSpans };
}
