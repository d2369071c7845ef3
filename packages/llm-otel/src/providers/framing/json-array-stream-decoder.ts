// Gemini's streamGenerateContent without `alt=sse` answers with one JSON array
// whose elements arrive over time: `[{...}\r\n,{...}\r\n]`. This splits the
// elements out as they complete, tracking only nesting depth and string state.

import { BoundedText, DEFAULT_TEXT_CAP } from './bounded-text.js';
import type { Line } from './line-splitter.js';

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

export class JsonArrayStreamDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly element: BoundedText;
  /** 0: before '[', 1: between elements, 2: inside an element, 3: after ']'. */
  private state = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** True once the closing ']' of the array was seen. */
  closed = false;
  overflowCount = 0;

  constructor(
    private readonly onElement: (element: Line) => void,
    cap: number = DEFAULT_TEXT_CAP,
  ) {
    this.element = new BoundedText(cap);
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }));
  }

  end(): void {
    this.feed(this.decoder.decode());
  }

  private feed(text: string): void {
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === 2) {
        if (start === -1) start = i;
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) this.inString = false;
          continue;
        }
        if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          this.depth--;
          if (this.depth === 0) {
            this.element.append(text.slice(start, i + 1));
            start = -1;
            this.state = 1;
            this.emit();
          }
        }
        continue;
      }
      if (this.state === 0) {
        if (c === OPEN_BRACKET) this.state = 1;
      } else if (this.state === 1) {
        if (c === CLOSE_BRACKET) {
          this.state = 3;
          this.closed = true;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.state = 2;
          this.depth = 1;
          start = i;
        }
      }
    }
    if (this.state === 2 && start !== -1)
      this.element.append(text.slice(start));
  }

  private emit(): void {
    const element = this.element.take();
    if (typeof element !== 'string') this.overflowCount++;
    this.onElement(element);
  }
}
