// The programmatic entry point: start on a port (0 = any), get the URL, close.
import type { AddressInfo } from 'node:net';
import { parseScenario, type ScenarioConfig } from './scenario/scenario.js';
import { abortResponse } from './server/any-http.js';
import { createDualProtocolServer } from './server/dual-protocol-server.js';
import { FaultState } from './server/fault-state.js';
import { handleRequest, type ServerContext } from './server/handle-request.js';
import type { RequestLogEntry } from './server/request-log.js';

export interface MockLlmOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1; pass 0.0.0.0 to serve other hosts (docker). */
  host?: string;
  /** Changes generated words, ids, timestamps and the default output length. Default 0. */
  seed?: number;
  /** Server-wide scenario; per-model and per-header scenarios override it key by key. */
  scenario?: string | ScenarioConfig;
  /** How many requests `requests` keeps (oldest dropped). Default 1000. */
  logLimit?: number;
}

export interface MockLlm {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Requests seen so far, oldest first (bounded by logLimit). */
  readonly requests: readonly RequestLogEntry[];
  /** Forgets the request log and the fault attempt counters. */
  reset(): void;
  /** Ends hanging requests, drops every connection, stops listening. */
  close(): Promise<void>;
}

export async function startMockLlm(
  options: MockLlmOptions = {},
): Promise<MockLlm> {
  const scenario =
    typeof options.scenario === 'string'
      ? parseScenario(options.scenario)
      : { ...(options.scenario ?? {}) };
  const ctx: ServerContext = {
    seed: options.seed ?? 0,
    scenario,
    faults: new FaultState(),
    log: [],
    logLimit: options.logLimit ?? 1000,
    hanging: new Set(),
  };
  const dual = createDualProtocolServer((req, res) => {
    handleRequest(ctx, req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
      }
      res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    dual.server.once('error', reject);
    dual.server.listen(options.port ?? 0, host, () => {
      dual.server.removeListener('error', reject);
      resolve();
    });
  });
  const port = (dual.server.address() as AddressInfo).port;
  const urlHost =
    host === '0.0.0.0' || host === '::'
      ? '127.0.0.1'
      : host.includes(':')
        ? `[${host}]`
        : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    get requests() {
      return ctx.log;
    },
    reset() {
      ctx.log.length = 0;
      ctx.faults.reset();
    },
    async close() {
      for (const res of ctx.hanging) abortResponse(res);
      ctx.hanging.clear();
      await dual.close();
    },
  };
}
