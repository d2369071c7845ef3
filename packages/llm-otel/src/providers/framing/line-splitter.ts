// Splits a byte stream into text lines, incrementally. Bytes may be split
// anywhere, including inside a UTF-8 sequence or between CR and LF; the
// streaming decoder and the CR strip handle both. A line longer than the
// cap is delivered as head and tail windows instead of growing memory.

import { StringDecoder } from 'node:string_decoder';
import { BoundedText, DEFAULT_TEXT_CAP } from './bounded-text.js';
import type { TruncatedText } from './bounded-text.js';

export type Line = string | TruncatedText;

export class LineSplitter {
  // StringDecoder holds back a UTF-8 sequence split across chunks, as a
  // streaming TextDecoder does, at a third of its cost per chunk on Node 20
  // and 22 (it runs for every chunk of every stream).
  private readonly decoder = new StringDecoder('utf8');
  private readonly partial: BoundedText;
  private started = false;
  /** How many lines went over the cap. */
  overflowCount = 0;

  constructor(
    private readonly onLine: (line: Line) => void,
    private readonly cap: number = DEFAULT_TEXT_CAP,
  ) {
    this.partial = new BoundedText(cap);
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.write(bytes));
  }

  /** Ends the input. An unterminated last line is delivered when `flush`. */
  end(flush: boolean): void {
    this.feed(this.decoder.end());
    if (flush && !this.partial.isEmpty) this.emit();
  }

  private feed(decoded: string): void {
    let text = decoded;
    if (!this.started && text.length > 0) {
      this.started = true;
      // A byte order mark opens the stream at most (TextDecoder drops it too).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      if (this.partial.isEmpty && nl - start <= this.cap) {
        // The common case, a line whole within one piece: no accumulation.
        this.deliver(text.slice(start, nl));
      } else {
        this.partial.append(text.slice(start, nl));
        this.emit();
      }
      start = nl + 1;
    }
    if (start < text.length) this.partial.append(text.slice(start));
  }

  private emit(): void {
    const line = this.partial.take();
    if (typeof line === 'string') {
      this.deliver(line);
      return;
    }
    this.overflowCount++;
    this.onLine(line);
  }

  private deliver(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
