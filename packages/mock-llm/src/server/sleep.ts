import type { AnyResponse } from './any-http.js';

/** Waits `ms`, or less if the client goes away first (no timer outlives it). */
export function sleep(ms: number, res: AnyResponse): Promise<void> | undefined {
  if (ms <= 0) return undefined;
  return new Promise(resolve => {
    const done = (): void => {
      clearTimeout(timer);
      res.removeListener('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
