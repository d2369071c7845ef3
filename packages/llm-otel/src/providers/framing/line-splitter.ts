// Splits a byte stream into text lines, incrementally. Lines end in LF or
// CRLF, and with `crEndsLine` (SSE) also in a CR alone. Bytes may be split
// anywhere, including inside a UTF-8 sequence or between CR and LF; the
// streaming decoder and the CR handling cover both. A line longer than the
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
  /** The last piece ended in a CR that ended a line: an LF next is its. */
  private afterCr = false;
  /** How many lines went over the cap. */
  overflowCount = 0;

  constructor(
    private readonly onLine: (line: Line) => void,
    private readonly cap: number = DEFAULT_TEXT_CAP,
    private readonly crEndsLine = false,
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
    if (this.afterCr && text.length > 0) {
      this.afterCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    let nl = text.indexOf('\n', start);
    let cr = this.crEndsLine ? text.indexOf('\r', start) : -1;
    for (;;) {
      let end: number;
      let next: number;
      if (cr === -1 || (nl !== -1 && nl < cr)) {
        if (nl === -1) break;
        end = nl;
        next = nl + 1;
      } else if (cr + 1 === nl) {
        // CRLF: one line end.
        end = cr;
        next = nl + 1;
      } else {
        // A CR alone, or the last character of this piece.
        end = cr;
        next = cr + 1;
        if (next === text.length) this.afterCr = true;
      }
      if (this.partial.isEmpty && end - start <= this.cap) {
        // The common case, a line whole within one piece: no accumulation.
        this.deliver(text.slice(start, end));
      } else {
        this.partial.append(text.slice(start, end));
        this.emit();
      }
      start = next;
      if (nl !== -1 && nl < start) nl = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
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
