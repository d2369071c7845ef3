// The request pipeline: read body, route, resolve scenario, plan, decide the
// fault for this attempt, let the provider build the response, write it.
import type {
  FaultKind,
  MockRequest,
  MockResponse,
  ProviderHandler,
} from '../types.js';
import { buildPlan } from '../content/build-plan.js';
import {
  mergeScenarios,
  parseScenario,
  type ScenarioConfig,
  ScenarioError,
  scenarioFromModel,
} from '../scenario/scenario.js';
import { jsonResponse } from '../providers/http-helpers.js';
import type { AnyRequest, AnyResponse } from './any-http.js';
import type { FaultState } from './fault-state.js';
import { notFound } from './not-found.js';
import type { RequestLogEntry } from './request-log.js';
import { matchRoute } from './routes.js';
import { type BodyFault, cutIndex, writeResponse } from './write-response.js';

export interface ServerContext {
  readonly seed: number;
  readonly scenario: ScenarioConfig;
  readonly faults: FaultState;
  readonly log: RequestLogEntry[];
  readonly logLimit: number;
  /** Responses held open by fault=hang, ended on close(). */
  readonly hanging: Set<AnyResponse>;
}

const SERVER_FAULTS: Record<string, FaultKind> = {
  '429': 'rate_limit',
  '500': 'server_error',
  '503': 'unavailable',
  overloaded: 'overloaded',
};

function readBody(req: AnyRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () =>
      resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)),
    );
    req.on('error', reject);
  });
}

function flatHeaders(req: AnyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseJson(body: Buffer): { json: unknown; jsonError: boolean } {
  if (body.length === 0) return { json: undefined, jsonError: false };
  try {
    return { json: JSON.parse(body.toString('utf8')), jsonError: false };
  } catch {
    return { json: undefined, jsonError: true };
  }
}

function record(ctx: ServerContext, entry: RequestLogEntry): void {
  ctx.log.push(entry);
  if (ctx.log.length > ctx.logLimit)
    ctx.log.splice(0, ctx.log.length - ctx.logLimit);
}

export async function handleRequest(
  ctx: ServerContext,
  req: AnyRequest,
  res: AnyResponse,
): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://mock');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const headers = flatHeaders(req);
  const base = { method, path, httpVersion: req.httpVersion, headers };

  if (method === 'GET' && path === '/health') {
    await writeResponse(
      res,
      jsonResponse(200, { status: 'ok' }),
      {},
      undefined,
    );
    return;
  }
  const route = method === 'POST' ? matchRoute(path) : undefined;
  const { json, jsonError } = parseJson(body);
  if (route === undefined) {
    const response = notFound(method, path);
    record(ctx, {
      ...base,
      provider: undefined,
      model: undefined,
      attempt: 0,
      fault: undefined,
      status: response.status,
      json,
    });
    await writeResponse(res, response, {}, undefined);
    return;
  }
  const bodyModel =
    route.modelInBody === undefined
      ? (json as { model?: unknown } | undefined)?.model
      : route.modelInBody(json);
  const headerModel = route.modelHeaders
    ?.map(name => headers[name])
    .find(value => value !== undefined && value !== '');
  const model =
    route.params.model ??
    route.params.deployment ??
    headerModel ??
    (typeof bodyModel === 'string' ? bodyModel : undefined);

  let scenario: ScenarioConfig;
  try {
    const fromModel = scenarioFromModel(model);
    const fromHeader = headers['x-mock-scenario'];
    scenario = mergeScenarios(
      ctx.scenario,
      fromModel === undefined ? undefined : parseScenario(fromModel),
      fromHeader === undefined ? undefined : parseScenario(fromHeader),
    );
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const response = jsonResponse(400, {
      error: { message: err.message, type: 'mock_scenario_error' },
    });
    record(ctx, {
      ...base,
      provider: route.handler.provider,
      model,
      attempt: 0,
      fault: undefined,
      status: 400,
      json,
    });
    await writeResponse(res, response, {}, undefined);
    return;
  }

  const mreq: MockRequest = {
    method,
    path,
    query: url.searchParams,
    headers,
    body,
    json,
    jsonError,
    params: route.params,
    model,
    plan: buildPlan(json, path, body, scenario, ctx.seed),
  };

  let attempt = 0;
  let fault = scenario.fault;
  if (fault !== undefined) {
    const key = `${route.handler.provider}\n${path}\n${mreq.plan.id}\n${fault}\n${scenario.times ?? ''}`;
    attempt = ctx.faults.attempt(mreq, key, scenario.times);
    if (scenario.times !== undefined && attempt >= scenario.times)
      fault = undefined;
  }

  if (fault === 'hang') {
    record(ctx, {
      ...base,
      provider: route.handler.provider,
      model,
      attempt,
      fault,
      status: 0,
      json,
    });
    ctx.hanging.add(res);
    res.once('close', () => ctx.hanging.delete(res));
    return;
  }

  let response = build(route.handler, mreq, fault, scenario);
  let bodyFault: BodyFault =
    fault === 'malformed' || fault === 'truncated' || fault === 'cut'
      ? fault
      : undefined;
  if (fault === 'stream_error' && response.status < 400) {
    const streamError = route.handler.streamError;
    if (!('chunks' in response)) {
      response = route.handler.fault(mreq, 'server_error', scenario.retryAfter);
    } else if (streamError === undefined) {
      bodyFault = 'cut';
    } else {
      const at = cutIndex(response.chunks.length, scenario.cutAfter);
      response = {
        ...response,
        chunks: [...response.chunks.slice(0, at), streamError(mreq)],
      };
    }
  }
  record(ctx, {
    ...base,
    provider: route.handler.provider,
    model,
    attempt,
    fault,
    status: response.status,
    json,
  });

  // Body faults only corrupt successful answers; errors stay readable.
  await writeResponse(
    res,
    response,
    scenario,
    response.status < 400 ? bodyFault : undefined,
  );
}

function build(
  handler: ProviderHandler,
  mreq: MockRequest,
  fault: string | undefined,
  scenario: ScenarioConfig,
): MockResponse {
  const kind = fault === undefined ? undefined : SERVER_FAULTS[fault];
  if (kind !== undefined) {
    const retryAfter =
      kind === 'rate_limit' ? (scenario.retryAfter ?? 1) : scenario.retryAfter;
    return handler.fault(mreq, kind, retryAfter);
  }
  const response = handler.handle(mreq);
  if (response.status >= 400 || handler.rateLimitHeaders === undefined)
    return response;
  return {
    ...response,
    headers: { ...handler.rateLimitHeaders(mreq), ...response.headers },
  };
}
