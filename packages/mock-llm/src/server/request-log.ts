/** One request as the server saw it; tests assert on these. */
export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  /** 0-based attempt number as the fault logic counted it. */
  readonly attempt: number;
  /** The fault injected into this attempt, if any. */
  readonly fault: string | undefined;
  readonly status: number;
  readonly httpVersion: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly json: unknown;
}
