import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fnv1a32,
  mockText,
  mockWords,
  splitPieces,
} from '../../src/content/mock-words.js';

void describe('mock words', () => {
  void it('fnv1a32 matches the published FNV-1a test vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  void it('seed 0 and seed 1 give the documented texts', () => {
    assert.equal(mockText(8, 0), 'time call test from data load span node');
    assert.equal(mockText(3, 0), 'time call test');
    assert.notEqual(mockText(8, 1), mockText(8, 0));
    assert.deepEqual(mockWords(8, 1), mockText(8, 1).split(' '));
  });

  void it('pieces concatenate to the text and are as even as possible', () => {
    const words = mockWords(5, 0);
    assert.deepEqual(splitPieces(words, 2), ['time call', ' test from data']);
    assert.deepEqual(splitPieces(words, 9), [
      'time',
      ' call',
      ' test',
      ' from',
      ' data',
    ]);
    assert.equal(splitPieces(words, 3).join(''), words.join(' '));
  });
});
