// Newline-delimited JSON (Ollama streams): one value per line, blank lines
// skipped, an unterminated last line still counted.

import { DEFAULT_TEXT_CAP } from './bounded-text.js';
import { LineSplitter } from './line-splitter.js';
import type { Line } from './line-splitter.js';

export class NdjsonDecoder {
  private readonly lines: LineSplitter;

  constructor(onLine: (line: Line) => void, cap: number = DEFAULT_TEXT_CAP) {
    this.lines = new LineSplitter(line => {
      if (typeof line !== 'string' || line.trim() !== '') onLine(line);
    }, cap);
  }

  get overflowCount(): number {
    return this.lines.overflowCount;
  }

  push(bytes: Uint8Array): void {
    this.lines.push(bytes);
  }

  end(): void {
    this.lines.end(true);
  }
}
