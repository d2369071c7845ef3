// The recorder's mayRecord() answers from the method and URL alone, so its
// answer for one method and URL string holds for the process. Apps call few
// endpoints, over and over: a Map lookup on the string then replaces the URL
// parse and the provider match on the app's path. Bounded: at the cap the
// map starts afresh, and very long URLs are not kept.

import type { ExchangeRecorder } from './exchange.js';

const MAX_ENTRIES = 512;
const MAX_KEY_LENGTH = 2048;

export class MayRecordCache {
  private readonly answers = new Map<string, boolean>();

  constructor(private readonly recorder: ExchangeRecorder) {}

  /**
   * False when the recorder surely declines method + href, or href is not a
   * URL (fetch rejects such a call itself). A recorder that throws is taken
   * to decline.
   */
  mayRecord(method: string, href: string): boolean {
    return this.answer(`${method} ${href}`, method, href, undefined);
  }

  /** The same for undici's origin and path (the path resolved against the origin). */
  mayRecordAt(method: string, origin: string, path: string): boolean {
    return this.answer(`${method} ${origin} ${path}`, method, path, origin);
  }

  private answer(
    key: string,
    method: string,
    href: string,
    base: string | undefined,
  ): boolean {
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    let answer: boolean;
    try {
      const url = new URL(href, base);
      answer = this.recorder.mayRecord?.(method, url) !== false;
    } catch {
      answer = false;
    }
    if (key.length <= MAX_KEY_LENGTH) {
      if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
      this.answers.set(key, answer);
    }
    return answer;
  }
}
