import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { JsonArrayStreamDecoder } from '../../../src/providers/framing/json-array-stream-decoder.js';
import type { Line } from '../../../src/providers/framing/line-splitter.js';

function decode(text: string): { elements: Line[]; closed: boolean } {
  const bytes = new TextEncoder().encode(text);
  const run = (pieces: Uint8Array[]) => {
    const elements: Line[] = [];
    const decoder = new JsonArrayStreamDecoder(e => elements.push(e));
    for (const p of pieces) decoder.push(p);
    decoder.end();
    return { elements, closed: decoder.closed };
  };
  const whole = run([bytes]);
  for (let i = 1; i < bytes.length; i++)
    assert.deepStrictEqual(
      run([bytes.subarray(0, i), bytes.subarray(i)]),
      whole,
      `split at ${i}`,
    );
  return whole;
}

void describe('JsonArrayStreamDecoder', () => {
  void it('splits elements, with brackets and escaped quotes inside strings', () => {
    assert.deepStrictEqual(
      decode('[{"t":"a]b}\\"c","n":[1,{"x":2}]}\r\n,\r\n{"t":"é"}\n]'),
      {
        elements: ['{"t":"a]b}\\"c","n":[1,{"x":2}]}', '{"t":"é"}'],
        closed: true,
      },
    );
  });

  void it('reports an array that never closed', () => {
    assert.deepStrictEqual(decode('[{"a":1},{"b":'), {
      elements: ['{"a":1}'],
      closed: false,
    });
  });

  void it('handles an empty array', () => {
    assert.deepStrictEqual(decode(' [ ] '), { elements: [], closed: true });
  });
});
