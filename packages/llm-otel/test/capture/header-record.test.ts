import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fetchHeaderRecord,
  nodeHeaderRecord,
  undiciHeaderRecord,
} from '../../src/capture/header-record.js';

void describe('fetchHeaderRecord', () => {
  void it('reads Headers, pairs and records alike: names lower-cased, repeats joined', () => {
    const expected = { 'content-type': 'application/json', accept: 'a, b' };
    const headers = new Headers([
      ['Content-Type', 'application/json'],
      ['Accept', 'a'],
      ['Accept', 'b'],
    ]);
    assert.deepEqual(fetchHeaderRecord(headers), expected);
    assert.deepEqual(
      fetchHeaderRecord([
        ['Content-Type', 'application/json'],
        ['Accept', 'a'],
        ['accept', 'b'],
      ]),
      expected,
    );
    assert.deepEqual(
      fetchHeaderRecord({
        'Content-Type': 'application/json',
        Accept: 'a, b',
        'X-Unset': undefined,
      }),
      expected,
    );
    assert.deepEqual(fetchHeaderRecord(undefined), {});
  });
});

void describe('undiciHeaderRecord', () => {
  void it("reads undici's flat arrays of strings and Buffers", () => {
    assert.deepEqual(
      undiciHeaderRecord([
        'Content-Type',
        'application/json',
        Buffer.from('set-cookie'),
        [Buffer.from('a=1'), Buffer.from('b=2')],
        'x-request-id',
        'req_1',
      ]),
      {
        'content-type': 'application/json',
        'set-cookie': 'a=1, b=2',
        'x-request-id': 'req_1',
      },
    );
  });

  void it("reads undici 5's raw header string", () => {
    assert.deepEqual(
      undiciHeaderRecord('Content-Type: application/json\r\nX-A:  1 \r\n'),
      { 'content-type': 'application/json', 'x-a': '1' },
    );
  });

  void it("reads undici 8's HTTP/2 headers object, without pseudo-headers", () => {
    assert.deepEqual(
      undiciHeaderRecord({
        ':status': 200,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'set-cookie': ['a=1', 'b=2'],
        'x-ratelimit-remaining-requests': '99',
      }),
      {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'set-cookie': 'a=1, b=2',
        'x-ratelimit-remaining-requests': '99',
      },
    );
  });

  void it('gives an empty record for anything else', () => {
    assert.deepEqual(undiciHeaderRecord(undefined), {});
    assert.deepEqual(undiciHeaderRecord(null), {});
    assert.deepEqual(undiciHeaderRecord(42), {});
  });
});

void describe('nodeHeaderRecord', () => {
  void it("reads node:http's headers objects, arrays joined", () => {
    assert.deepEqual(
      nodeHeaderRecord({
        'content-type': 'application/json',
        'set-cookie': ['a=1', 'b=2'],
        'content-length': 12,
        'x-none': undefined,
      }),
      {
        'content-type': 'application/json',
        'set-cookie': 'a=1, b=2',
        'content-length': '12',
      },
    );
  });
});
