// Accumulates text up to a cap. Past the cap it keeps only a head and a tail
// window, so one oversized event or body never grows memory without bound, and
// the fields that usually sit at either end (ids up front, usage at the back)
// can still be read by a cheap scan.

export const DEFAULT_TEXT_CAP = 1024 * 1024;
export const WINDOW_SIZE = 64 * 1024;

/** A text that went over its cap: only its two ends were kept. */
export interface TruncatedText {
  readonly head: string;
  readonly tail: string;
  /** Total length in UTF-16 code units, including the dropped middle. */
  readonly length: number;
}

export class BoundedText {
  private full = '';
  private head = '';
  private tail = '';
  private total = 0;
  private overflowed = false;

  constructor(
    private readonly cap: number = DEFAULT_TEXT_CAP,
    private readonly window: number = WINDOW_SIZE,
  ) {}

  get length(): number {
    return this.total;
  }

  get isEmpty(): boolean {
    return this.total === 0;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.total += text.length;
    if (!this.overflowed) {
      if (this.full.length + text.length <= this.cap) {
        this.full += text;
        return;
      }
      this.overflowed = true;
      this.head = (this.full + text.slice(0, this.window)).slice(
        0,
        this.window,
      );
      this.tail =
        text.length >= this.window
          ? text.slice(-this.window)
          : (this.full + text).slice(-this.window);
      this.full = '';
      return;
    }
    this.tail =
      text.length >= this.window
        ? text.slice(-this.window)
        : (this.tail + text).slice(-this.window);
  }

  /** The whole text, or the two windows when it went over the cap. */
  take(): string | TruncatedText {
    const out: string | TruncatedText = this.overflowed
      ? { head: this.head, tail: this.tail, length: this.total }
      : this.full;
    this.full = '';
    this.head = '';
    this.tail = '';
    this.total = 0;
    this.overflowed = false;
    return out;
  }
}
