// Finish reasons, one per choice in choice order, as the provider sent them.

/** Semconv value for a choice whose stream ended before it finished. */
export const CUT_FINISH_REASON = 'error';

export class FinishReasons {
  private readonly byIndex: (string | undefined)[] = [];

  /** A choice was seen (so a cut stream can report it as `error`). */
  seen(index: number): void {
    if (index >= 0 && index < 1024 && index >= this.byIndex.length) {
      this.byIndex.length = index + 1;
    }
  }

  set(index: number, reason: string): void {
    if (index < 0 || index >= 1024) return;
    this.seen(index);
    this.byIndex[index] = reason;
  }

  get any(): boolean {
    return this.byIndex.some(r => r !== undefined);
  }

  /** Undefined when no choice finished and the stream was not cut. */
  list(cut: boolean): string[] | undefined {
    if (this.byIndex.length === 0) return undefined;
    if (!cut && !this.any) return undefined;
    const out: string[] = [];
    for (let i = 0; i < this.byIndex.length; i++) {
      const r = this.byIndex[i];
      if (r !== undefined) out.push(r);
      else if (cut) out.push(CUT_FINISH_REASON);
    }
    return out.length > 0 ? out : undefined;
  }
}
