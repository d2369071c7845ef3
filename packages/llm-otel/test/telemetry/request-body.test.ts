import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_REQUEST_BODY_BYTES,
  RequestBody,
} from '../../src/telemetry/request-body.js';

const text = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

void describe('RequestBody', () => {
  void it('joins the chunks a client writes, strings and bytes, into one body', () => {
    const body = new RequestBody();
    body.add('{"model":');
    body.add(new TextEncoder().encode('"gpt-4o",'));
    body.add('"messages":[]}');
    assert.deepStrictEqual(
      [text(body.take()), body.tooLarge, body.take()],
      ['{"model":"gpt-4o","messages":[]}', false, undefined],
    );
  });

  void it('keeps copies: the app (or a pool) may reuse its bytes once the call returns', () => {
    const pooled = new TextEncoder().encode('{"a":1}');
    const chunked = new RequestBody();
    chunked.add(pooled);
    const whole = new RequestBody().whole(pooled);
    pooled.fill(0x20);
    assert.deepStrictEqual(
      [text(chunked.take()), text(whole)],
      ['{"a":1}', '{"a":1}'],
    );
  });

  void it('keeps nothing past the bound, whole or in chunks', () => {
    const whole = new RequestBody();
    const big = new Uint8Array(MAX_REQUEST_BODY_BYTES + 1);
    const chunked = new RequestBody();
    chunked.add(new Uint8Array(MAX_REQUEST_BODY_BYTES));
    chunked.add('x');
    chunked.add('y');
    assert.deepStrictEqual(
      [whole.whole(big), whole.tooLarge, chunked.take(), chunked.tooLarge],
      [undefined, true, undefined, true],
    );
  });

  void it('has nothing for a body that never came', () => {
    const body = new RequestBody();
    assert.deepStrictEqual([body.take(), body.tooLarge], [undefined, false]);
  });
});
