// Caps how much generated text one response may accumulate for content
// capture. The recorder truncates the final JSON anyway; this bounds memory.

export const CONTENT_BUDGET = 1024 * 1024;

export class ContentBudget {
  private remaining: number;

  constructor(size: number = CONTENT_BUDGET) {
    this.remaining = size;
  }

  /** Returns the part of `text` that still fits. */
  take(text: string): string {
    if (this.remaining <= 0) return '';
    if (text.length <= this.remaining) {
      this.remaining -= text.length;
      return text;
    }
    const cut = text.slice(0, this.remaining);
    this.remaining = 0;
    return cut;
  }
}
