// CRC-32 (IEEE 802.3, the one AWS event streams use). node:zlib has crc32 only
// on newer Node lines, so it is feature-detected with a table fallback.
import zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Uint32Array | undefined;

function tableCrc32(data: Uint8Array, value = 0): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) {
    crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `value` (0 to start). */
export const crc32: Crc32 =
  typeof native === 'function' ? (d, v) => native(d, v ?? 0) >>> 0 : tableCrc32;

/** The pure-JS implementation, exported so tests can compare both. */
export const crc32Table: Crc32 = tableCrc32;
