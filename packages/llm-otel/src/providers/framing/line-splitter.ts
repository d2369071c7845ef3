// Splits a byte stream into text lines, incrementally. Bytes may be split
// anywhere, including inside a UTF-8 sequence or between CR and LF; the
// streaming TextDecoder and the CR strip handle both. A line longer than the
// cap is delivered as head and tail windows instead of growing memory.

import { BoundedText, DEFAULT_TEXT_CAP } from './bounded-text.js';
import type { TruncatedText } from './bounded-text.js';

export type Line = string | TruncatedText;

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly partial: BoundedText;
  /** How many lines went over the cap. */
  overflowCount = 0;

  constructor(
    private readonly onLine: (line: Line) => void,
    cap: number = DEFAULT_TEXT_CAP,
  ) {
    this.partial = new BoundedText(cap);
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }));
  }

  /** Ends the input. An unterminated last line is delivered when `flush`. */
  end(flush: boolean): void {
    this.feed(this.decoder.decode());
    if (flush && !this.partial.isEmpty) this.emit();
  }

  private feed(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      this.partial.append(text.slice(start, nl));
      this.emit();
      start = nl + 1;
    }
    if (start < text.length) this.partial.append(text.slice(start));
  }

  private emit(): void {
    const line = this.partial.take();
    if (typeof line === 'string') {
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      return;
    }
    this.overflowCount++;
    this.onLine(line);
  }
}
