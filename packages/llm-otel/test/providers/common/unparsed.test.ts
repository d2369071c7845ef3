import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  noteUnparsed,
  unparsedBody,
} from '../../../src/providers/common/unparsed.js';
import type { ResponseFacts } from '../../../src/providers/types.js';

void describe('unparsedBody', () => {
  void it('marks a body malformed, blank or not (what it held does not matter)', () => {
    assert.deepEqual(unparsedBody(), { complete: false, malformed: true });
  });
});

void describe('noteUnparsed', () => {
  void it('notes a garbled unit and ignores a blank one, counting no chunk', () => {
    const garbled: ResponseFacts = { complete: false };
    const blank: ResponseFacts = { complete: false };
    assert.deepEqual(
      [noteUnparsed(garbled, '{"choices":[{"de'), noteUnparsed(blank, '  ')],
      [0, 0],
    );
    assert.deepEqual(
      [garbled, blank],
      [{ complete: false, malformed: true }, { complete: false }],
    );
  });
});
