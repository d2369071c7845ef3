// Server-sent events (WHATWG EventSource rules), decoded incrementally:
// `event:` and `data:` fields, multi-line data joined with LF, comment lines
// starting with ':' (OpenRouter keep-alives) ignored, LF, CRLF or CR line ends.
// The `[DONE]` sentinel of OpenAI-style streams is recognised here, once.

import { BoundedText, DEFAULT_TEXT_CAP } from './bounded-text.js';
import type { TruncatedText } from './bounded-text.js';
import { LineSplitter } from './line-splitter.js';
import type { Line } from './line-splitter.js';

export interface SseEvent {
  /** The `event:` field, or 'message' when absent. */
  readonly event: string;
  /** The data, or head and tail windows when it went over the cap. */
  readonly data: string | TruncatedText;
  /** True for the `data: [DONE]` sentinel. */
  readonly done: boolean;
}

export class SseDecoder {
  private readonly lines: LineSplitter;
  private readonly data: BoundedText;
  private eventName = '';
  private hasData = false;
  private truncatedLine: TruncatedText | undefined;

  constructor(
    private readonly onEvent: (event: SseEvent) => void,
    cap: number = DEFAULT_TEXT_CAP,
  ) {
    this.data = new BoundedText(cap);
    this.lines = new LineSplitter(line => this.onLine(line), cap, true);
  }

  /** How many lines or events went over the cap. */
  get overflowCount(): number {
    return this.lines.overflowCount;
  }

  push(bytes: Uint8Array): void {
    this.lines.push(bytes);
  }

  /** Ends the input. An event without its closing blank line is dropped (spec). */
  end(): void {
    this.lines.end(false);
  }

  private onLine(line: Line): void {
    if (typeof line !== 'string') {
      // Only a data line can reasonably be this long.
      if (line.head.startsWith('data:')) {
        const skip = line.head.startsWith('data: ') ? 6 : 5;
        this.truncatedLine = { ...line, head: line.head.slice(skip) };
        this.hasData = true;
      }
      return;
    }
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      if (this.hasData) this.data.append('\n');
      this.data.append(value);
      this.hasData = true;
    } else if (field === 'event') {
      this.eventName = value;
    }
  }

  private dispatch(): void {
    if (!this.hasData) {
      this.eventName = '';
      return;
    }
    const taken = this.data.take();
    const data = this.truncatedLine ?? taken;
    const event = this.eventName === '' ? 'message' : this.eventName;
    this.eventName = '';
    this.hasData = false;
    this.truncatedLine = undefined;
    this.onEvent({ event, data, done: data === '[DONE]' });
  }
}
