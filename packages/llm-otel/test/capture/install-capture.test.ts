import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { describe, it } from 'node:test';
import { enableCapture } from '../../src/capture/install-capture.js';
import { FakeRecorder } from './fake-recorder.js';

const CHANNELS = [
  'undici:request:create',
  'undici:request:bodyChunkSent',
  'undici:request:bodySent',
  'undici:request:headers',
  'undici:request:bodyChunkReceived',
  'undici:request:trailers',
  'undici:request:error',
];

function snapshot(): unknown {
  return {
    fetch: globalThis.fetch,
    httpRequest: http.request,
    httpGet: http.get,
    httpsRequest: https.request,
    httpsGet: https.get,
    http2Connect: http2.connect,
    subscribed: CHANNELS.filter(
      c => diagnosticsChannel.channel(c).hasSubscribers,
    ),
  };
}

void describe('enableCapture', () => {
  void it('is idempotent and disable restores exactly what was there', async () => {
    const before = snapshot();
    assert.deepEqual((before as { subscribed: string[] }).subscribed, []);
    const recorder = new FakeRecorder();
    const disable = enableCapture(recorder);
    const enabled = snapshot();
    assert.deepEqual(
      (enabled as { subscribed: string[] }).subscribed,
      CHANNELS,
    );
    assert.notEqual(globalThis.fetch, (before as { fetch: unknown }).fetch);
    assert.notEqual(http.get, (before as { httpGet: unknown }).httpGet);
    assert.notEqual(
      http2.connect,
      (before as { http2Connect: unknown }).http2Connect,
    );
    // A second call (another copy of the package, say) installs nothing more.
    const again = enableCapture(new FakeRecorder());
    assert.equal(again, disable);
    assert.deepEqual(snapshot(), enabled);
    disable();
    assert.deepEqual(snapshot(), before);
    disable();
    assert.deepEqual(snapshot(), before);
    // And it can be enabled again.
    const disable2 = enableCapture(recorder);
    assert.deepEqual(
      (snapshot() as { subscribed: string[] }).subscribed,
      CHANNELS,
    );
    assert.notEqual(globalThis.fetch, (before as { fetch: unknown }).fetch);
    disable2();
    assert.deepEqual(snapshot(), before);
  });

  void it('stays in the chain, inactive, when someone wrapped fetch after us', async () => {
    const original = globalThis.fetch;
    const recorder = new FakeRecorder();
    const disable = enableCapture(recorder);
    const ours = globalThis.fetch;
    const theirs = ((...args: Parameters<typeof fetch>) =>
      ours(...args)) as typeof fetch;
    globalThis.fetch = theirs;
    disable();
    assert.equal(globalThis.fetch, theirs);
    globalThis.fetch = original;
  });
});
