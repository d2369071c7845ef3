// An in-memory recorder that logs every call capture makes, in order. It wants
// requests whose path starts with /v1/ (our "LLM traffic") and refuses the rest.

import type {
  ExchangeRecorder,
  ExchangeSink,
  FailReason,
  OutgoingRequest,
} from '../../src/capture/exchange.js';

export interface LoggedExchange {
  readonly request: OutgoingRequest;
  /** Calls in order: 'requestBody', 'requestBodyEnd', 'responseHeaders 200', 'chunk', 'end', 'fail abort'. */
  readonly calls: string[];
  readonly requestBody: Buffer[];
  /** Views of the chunks capture reported (see responseChunk below). */
  readonly chunks: Buffer[];
  status?: number;
  responseHeaders?: Readonly<Record<string, string>>;
  failure?: { reason: FailReason; error: unknown };
  /** Capture said it could not see the response body. */
  bodyHidden?: true;
}

export class FakeRecorder implements ExchangeRecorder {
  readonly exchanges: LoggedExchange[] = [];
  /** begin() calls, wanted or not. */
  readonly seen: OutgoingRequest[] = [];
  throwing = false;
  /** Set to let capture skip requests up front (ExchangeRecorder.mayRecord). */
  mayRecord: ((method: string, url: URL) => boolean) | undefined;

  begin(request: OutgoingRequest): ExchangeSink | undefined {
    this.seen.push(request);
    if (this.throwing) throw new Error('recorder begin broke');
    if (!request.url.pathname.startsWith('/v1/')) return undefined;
    const exchange: LoggedExchange = {
      request,
      calls: [],
      requestBody: [],
      chunks: [],
    };
    this.exchanges.push(exchange);
    const fail = (): void => {
      if (this.throwing) throw new Error('recorder sink broke');
    };
    return {
      requestBody(chunk) {
        exchange.calls.push('requestBody');
        exchange.requestBody.push(Buffer.from(chunk));
        fail();
      },
      requestBodyEnd() {
        exchange.calls.push('requestBodyEnd');
        fail();
      },
      responseHeaders(status, headers) {
        exchange.calls.push(`responseHeaders ${status}`);
        exchange.status = status;
        exchange.responseHeaders =
          typeof headers === 'function' ? headers() : headers;
        fail();
      },
      responseChunk(chunk) {
        exchange.calls.push('chunk');
        // A view, not a copy, as the real recorder keeps it: tests that read
        // it after the app did check that capture hands over bytes nobody
        // changes or detaches afterwards.
        exchange.chunks.push(
          Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
        );
        fail();
      },
      responseBodyHidden() {
        exchange.bodyHidden = true;
        fail();
      },
      end() {
        exchange.calls.push('end');
        fail();
      },
      fail(reason, error) {
        exchange.calls.push(`fail ${reason}`);
        exchange.failure = { reason, error };
        fail();
      },
    };
  }

  /** The calls with consecutive 'chunk' entries collapsed to one 'chunk*'. */
  static collapsed(calls: readonly string[]): string[] {
    const out: string[] = [];
    for (const call of calls) {
      if (
        call === 'chunk' &&
        (out.at(-1) === 'chunk*' || out.at(-1) === 'chunk')
      )
        out[out.length - 1] = 'chunk*';
      else out.push(call);
    }
    return out.map(c => (c === 'chunk' ? 'chunk*' : c));
  }

  reset(): void {
    this.exchanges.length = 0;
    this.seen.length = 0;
    this.throwing = false;
    this.mayRecord = undefined;
  }
}

/** Waits until `check` holds, polling on timers (bounded). */
export async function eventually(
  check: () => boolean,
  ms = 2000,
): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}
