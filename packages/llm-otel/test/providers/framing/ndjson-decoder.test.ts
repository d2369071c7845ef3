import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Line } from '../../../src/providers/framing/line-splitter.js';
import { NdjsonDecoder } from '../../../src/providers/framing/ndjson-decoder.js';

void describe('NdjsonDecoder', () => {
  void it('emits each line, skips blank ones, keeps an unterminated last line', () => {
    const bytes = new TextEncoder().encode('{"a":1}\n\n{"b":"ü"}\r\n{"c":3}');
    for (let i = 0; i <= bytes.length; i++) {
      const lines: Line[] = [];
      const decoder = new NdjsonDecoder(l => lines.push(l));
      decoder.push(bytes.subarray(0, i));
      decoder.push(bytes.subarray(i));
      decoder.end();
      assert.deepStrictEqual(
        lines,
        ['{"a":1}', '{"b":"ü"}', '{"c":3}'],
        `split at ${i}`,
      );
    }
  });

  void it('delivers an over-long line as windows instead of growing', () => {
    const lines: Line[] = [];
    const decoder = new NdjsonDecoder(l => lines.push(l), 1000);
    decoder.push(new TextEncoder().encode(`${'a'.repeat(5000)}\n{"ok":1}\n`));
    decoder.end();
    assert.deepStrictEqual(lines, [
      { head: 'a'.repeat(5000), tail: 'a'.repeat(5000), length: 5000 },
      '{"ok":1}',
    ]);
    assert.equal(decoder.overflowCount, 1);
  });
});
