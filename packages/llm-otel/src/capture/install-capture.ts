// Turns every capture layer on for one recorder. Idempotent per process, also
// across ESM and CJS copies of this package (the installation lives under a
// global symbol): a second call returns the first installation's disable and
// keeps the first recorder. disable() undoes exactly what enable did, once.

import { captureDiag } from './capture-diag.js';
import type { ExchangeRecorder } from './exchange.js';
import { enableFetchCapture } from './fetch.js';
import { enableHttpCapture } from './http-client.js';
import { enableHttp2Capture } from './http2-client.js';
import { enableUndiciCapture } from './undici-channels.js';

const INSTALLED = Symbol.for('@x/llm-otel.capture');

interface Installation {
  readonly recorder: ExchangeRecorder;
  readonly disable: () => void;
}

type GlobalWithCapture = typeof globalThis & {
  [INSTALLED]?: Installation;
};

/** Enables fetch, undici-channel, node:http(s) and node:http2 capture; returns disable. */
export function enableCapture(recorder: ExchangeRecorder): () => void {
  const global = globalThis as GlobalWithCapture;
  const existing = global[INSTALLED];
  if (existing !== undefined) {
    if (existing.recorder !== recorder) {
      captureDiag('capture already enabled with another recorder');
    }
    return existing.disable;
  }
  const disables: (() => void)[] = [];
  const layers = [
    enableFetchCapture,
    enableUndiciCapture,
    enableHttpCapture,
    enableHttp2Capture,
  ];
  for (const enable of layers) {
    try {
      disables.push(enable(recorder));
    } catch (error) {
      captureDiag(`could not enable ${enable.name}`, error);
    }
  }
  let disabled = false;
  const installation: Installation = {
    recorder,
    disable() {
      if (disabled) return;
      disabled = true;
      if (global[INSTALLED] === installation) delete global[INSTALLED];
      for (const disable of disables.reverse()) {
        try {
          disable();
        } catch (error) {
          captureDiag('could not disable a capture layer', error);
        }
      }
    },
  };
  global[INSTALLED] = installation;
  return installation.disable;
}
