// One HTTP attempt of an LLM call, from begin() to end()/fail(): one CLIENT
// span, the response parser fed as bytes pass, and metrics at the end.
//
// Phases: begin (method/URL/headers known) → request body complete → span
// starts (with the attempt's own start time, so waiting for a streamed body
// costs no accuracy) → response headers → chunks → end/fail.
// In the app's path the response phases only note what happened and when
// (each chunk, its arrival time, the end time); parsing, the span end and
// metrics run deferred (deferred-work.ts), after the app's continuation.
// A chunk is timed when it arrives (capture passes the arrival time of the
// chunks it held back), so time to first chunk and chunk gaps are the
// network's, not our scheduling's. Every public method is guarded: a bug
// here is logged once and the attempt is dropped; nothing reaches the app.

import {
  SpanKind,
  SpanStatusCode,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import type {
  ExchangeSink,
  FailReason,
  OutgoingRequest,
  ResponseHeaders,
} from '../capture/exchange.js';
import type { MatchedProvider } from '../providers/registry.js';
import type {
  RequestFacts,
  ResponseFacts,
  ResponseParser,
} from '../providers/types.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { CUT_FINISH_REASON } from '../providers/common/finish-reasons.js';
import { classifyAttempt } from './attempt-outcome.js';
import {
  defer,
  holdDeferredBytes,
  releaseDeferredBytes,
} from './deferred-work.js';
import type { DeferredWork } from './deferred-work.js';
import { diagOnce } from './diag-once.js';
import { globalState } from './global-state.js';
import type { AbandonableAttempt } from './global-state.js';
import { trackOpenAttempt, untrackOpenAttempt } from './open-attempts.js';
import type { LlmMetrics } from './llm-metrics.js';
import type { HistogramSeries } from './pre-aggregated-histogram.js';
import { markSuperseded, maySupersede } from './mark-superseded.js';
import type { OpenGenAiSpans } from './open-genai-spans.js';
import { emitOperationDetails } from './operation-details-event.js';
import { retryAttempt } from './retry-attempt.js';
import { requestFingerprint } from './retry-chains.js';
import type { RetryChains } from './retry-chains.js';
import { abortWasSdkTimeout } from './sdk-timeout.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_LLM_OTEL_ATTEMPT,
  ATTR_LLM_OTEL_FEATURE,
  ATTR_LLM_OTEL_OUTCOME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from './semconv.js';
import { serverAddress } from './server-address.js';
import { ChunkTimes } from './chunk-times.js';
import { RequestBody } from './request-body.js';
import { requestAttributes, responseAttributes } from './span-attributes.js';
import type { ContentLimits } from './span-attributes.js';

/** Larger request bodies are not fingerprinted, so never taken for a retry. */
const MAX_FINGERPRINTED_BODY_BYTES = 1024 * 1024;
/** Response bytes one attempt holds unparsed; past this they are parsed at once. */
export const MAX_QUEUED_RESPONSE_BYTES = 256 * 1024;

export interface AttemptDeps {
  readonly tracer: Tracer;
  readonly metrics: LlmMetrics;
  readonly config: ResolvedConfig;
  /** Present when content goes on events. */
  readonly logger?: Logger;
  /** Failed attempts an identical request may retry (see retry-chains.ts). */
  readonly retries: RetryChains;
  /** Other instrumentations' open gen_ai spans, when tracked (optional). */
  readonly openSpans?: OpenGenAiSpans;
}

/** Where a retry runs: its parent span's trace, else the parent context. */
function retryScope(parent: Context): unknown {
  const spanContext = trace.getSpanContext(parent);
  return spanContext !== undefined && isSpanContextValid(spanContext)
    ? spanContext.traceId
    : parent;
}

/** Statuses that carry no body (RFC 9110): an interim answer, 204, 205, 304. */
function withoutBody(status: number | undefined): boolean {
  return (
    status !== undefined &&
    (status < 200 || status === 204 || status === 205 || status === 304)
  );
}

/** A redirect (a 3xx but 304, which answers a conditional GET with no body). */
function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** How and when the attempt ended, noted in the app's path. */
interface Ending {
  readonly endTime: number;
  readonly cut: boolean;
  readonly reason: FailReason | undefined;
  readonly error: unknown;
}

export class AttemptSink
  implements ExchangeSink, DeferredWork, AbandonableAttempt
{
  private readonly collected = new RequestBody();
  private started = false;
  private dropped = false;
  private finished = false;
  private span: Span | undefined;
  private requestFacts: RequestFacts = {};
  private model: string | undefined;
  /** The match's provider, or the one the request names (see RequestFacts). */
  private provider: string;
  private parser: ResponseParser | undefined;
  private status: number | undefined;
  /** When an error status came: it fails the attempt then (see retryNumber). */
  private headersAt = 0;
  private readonly chunks = new ChunkTimes(() => this.liveGapSeries());
  /**
   * Metric attributes once the response named its model (or said it never
   * will): the chunk gaps go out with them from then on (see ChunkTimes).
   */
  private liveAttributes: Attributes | undefined;
  private readonly limits: ContentLimits;
  /** Parsers collect content when spans or events want it. */
  private readonly captureContent: boolean;
  private startAttributes: Attributes = {};
  /** Response status and headers not yet turned into a parser. */
  private responseMeta:
    { readonly status: number; readonly headers: ResponseHeaders } | undefined;
  /** True between response headers and the end: chunks are wanted. */
  private bodyOpen = false;
  /** Capture could not see the response body (see responseBodyHidden). */
  private bodyHidden = false;
  /** Chunks and their arrival times, not yet parsed. */
  private readonly queued: Uint8Array[] = [];
  private readonly queuedAt: number[] = [];
  private queuedBytes = 0;
  private ending: Ending | undefined;
  /** True while this attempt waits in the deferred-work queue. */
  private scheduled = false;
  /** The request is complete but its parse and the span start wait. */
  private startDeferred = false;
  /** The request is parsed; its span opens at the next deferred run. */
  private spanPending = false;
  private deferredBody: Uint8Array | string | undefined;
  /**
   * The request body, for retry matching once the outcome is known (see
   * retryNumber): held, not hashed, as the caller holds it for its own
   * retries. Not matchable when too large to fingerprint.
   */
  private retryBody: Uint8Array | string | undefined;
  private retryMatchable = false;

  constructor(
    private readonly deps: AttemptDeps,
    private readonly request: OutgoingRequest,
    private readonly matched: MatchedProvider,
    private readonly parent: Context,
    private readonly feature: string,
  ) {
    this.limits = {
      onSpans: deps.config.contentOnSpans,
      maxLength: deps.config.maxContentLength,
    };
    this.model = matched.match.model;
    this.provider = matched.match.provider;
    this.captureContent =
      deps.config.contentOnSpans ||
      (deps.config.contentOnEvents && deps.logger !== undefined);
  }

  /** Called by the recorder right after construction. */
  open(): void {
    trackOpenAttempt(this);
    const { body, method } = this.request;
    // Bodies handed over in begin(), and body-less requests, are complete.
    if (body === undefined) {
      if (method === 'GET' || method === 'HEAD') this.requestComplete(body);
    } else if (typeof body === 'string') {
      this.requestComplete(body);
    } else {
      this.requestComplete(this.collected.whole(body));
    }
  }

  requestBody(chunk: Uint8Array | string): void {
    if (this.started) return;
    try {
      this.collected.add(chunk);
    } catch (error) {
      this.broken(error);
    }
  }

  requestBodyEnd(): void {
    if (this.started) return;
    try {
      this.requestComplete(this.collected.take());
    } catch (error) {
      this.broken(error);
    }
  }

  responseHeaders(status: number, headers: ResponseHeaders): void {
    try {
      if (!this.started) this.requestComplete(this.collected.take());
      if (this.dropped || this.finished || this.ending !== undefined) return;
      if (isRedirect(status)) {
        // Not the model's answer: a client that follows it (fetch, axios)
        // sends the request again, and that attempt is the one recorded.
        this.dropped = true;
        return;
      }
      this.status = status;
      if (status >= 400) this.headersAt = performance.now();
      this.responseMeta = { status, headers };
      this.bodyOpen = true;
      // Not scheduled yet: the first chunk or the end does it. Work run
      // between the headers and the first chunk could delay that chunk.
    } catch (error) {
      this.broken(error);
    }
  }

  responseBodyHidden(): void {
    this.bodyHidden = true;
  }

  responseChunk(chunk: Uint8Array, receivedAt?: number): void {
    if (!this.bodyOpen) return;
    try {
      const at = receivedAt ?? performance.now();
      // Kept, not copied: capture hands over bytes nobody changes afterwards
      // (see ExchangeSink.responseChunk), so a copy would only be one more
      // allocation per chunk.
      this.queued.push(chunk);
      this.queuedAt.push(at);
      this.queuedBytes += chunk.byteLength;
      const overall = holdDeferredBytes(chunk.byteLength);
      if (overall || this.queuedBytes > MAX_QUEUED_RESPONSE_BYTES)
        this.runPending();
      else this.schedule();
    } catch (error) {
      this.broken(error);
    }
  }

  end(): void {
    this.terminate(false, undefined, undefined);
  }

  fail(reason: FailReason, error?: unknown): void {
    this.terminate(true, reason, error);
  }

  /** The process is ending (see open-attempts.ts): cancelled, as it stands. */
  abandon(): void {
    if (this.finished || this.ending !== undefined) return;
    try {
      this.ending = {
        endTime: performance.now(),
        cut: true,
        reason: 'abort',
        error: undefined,
      };
      this.bodyOpen = false;
      this.schedule();
    } catch (caught) {
      this.broken(caught);
    }
  }

  /** Called by the deferred-work queue. */
  runDeferred(): void {
    this.scheduled = false;
    this.runPending();
  }

  private terminate(
    cut: boolean,
    reason: FailReason | undefined,
    error: unknown,
  ): void {
    if (this.finished || this.ending !== undefined) return;
    try {
      const endTime = performance.now();
      const why =
        reason === 'abort' &&
        abortWasSdkTimeout(
          this.request.headers,
          endTime - this.request.startTime,
        )
          ? 'timeout'
          : reason;
      this.ending = { endTime, cut, reason: why, error };
      this.bodyOpen = false;
      untrackOpenAttempt(this);
      this.schedule();
    } catch (caught) {
      this.broken(caught);
    }
  }

  /**
   * The request is known whole. Its parse and the span start (with the
   * attempt's own start time) wait for the first deferred run, after the
   * response began: then they neither delay the request nor compete with
   * the response for the CPU. Except under another instrumentation's gen_ai
   * span, or while one is open elsewhere (see open-genai-spans.ts): it may
   * need marking as superseded, which only counts while it is open (our
   * span still opens at the deferred run, see openSpan). Any other parent
   * (a server span, say) waits like no parent.
   */
  private requestComplete(body: Uint8Array | string | undefined): void {
    if (
      maySupersede(trace.getSpan(this.parent)) ||
      (this.deps.openSpans?.size ?? 0) > 0
    ) {
      this.start(body);
      return;
    }
    this.started = true;
    this.startDeferred = true;
    this.deferredBody = body;
  }

  /** Runs a deferred start; starts with what came if the request never ended. */
  private runStart(): void {
    // Dropped before its start ran (a redirect): nothing to parse or start.
    if (this.dropped) return;
    if (!this.started) {
      this.start(this.collected.take());
    } else if (this.startDeferred) {
      this.startDeferred = false;
      const body = this.deferredBody;
      this.deferredBody = undefined;
      this.started = false;
      this.start(body);
    }
    this.openSpan();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    defer(this);
  }

  /** Parses what arrived so far and, once ended, finishes the attempt. */
  private runPending(): void {
    try {
      if (this.finished) return;
      this.runStart();
      const meta = this.responseMeta;
      if (meta !== undefined && !this.dropped) {
        this.responseMeta = undefined;
        const headers =
          typeof meta.headers === 'function' ? meta.headers() : meta.headers;
        this.parser = this.matched.module.createResponseParser(
          this.matched.match,
          this.requestFacts,
          { status: meta.status, headers },
          { captureContent: this.captureContent },
        );
      }
      const queued = this.queued;
      if (queued.length > 0) {
        const times = this.queuedAt;
        for (let i = 0; i < queued.length && !this.finished; i++)
          this.parseChunk(queued[i]!, times[i]!);
        this.dropQueued();
      }
      const ending = this.ending;
      if (ending !== undefined) this.finish(ending);
    } catch (error) {
      this.broken(error);
    }
  }

  private parseChunk(chunk: Uint8Array, at: number): void {
    const parser = this.parser;
    if (parser === undefined) return;
    const completed = parser.push(chunk);
    if (completed > 0) this.chunks.arrived(completed, at);
  }

  /** Fixes the metric attributes once the parser knows the response model. */
  private liveGapSeries(): HistogramSeries | undefined {
    if (this.requestFacts.stream !== true) return undefined;
    const model = this.parser?.responseModel?.();
    if (model === undefined) return undefined;
    const live = this.metricAttributes(model ?? undefined);
    const series = this.deps.metrics.chunkGaps(
      this.matched.match.operation,
      live,
    );
    this.liveAttributes = live;
    return series;
  }

  /**
   * Attributes common to every metric of this attempt, set in the sorted
   * order of their names: the series key then needs no sort (attributesKey).
   */
  private metricAttributes(responseModel: string | undefined): Attributes {
    const { match } = this.matched;
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: match.operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: this.provider,
    };
    if (this.model !== undefined)
      attributes[ATTR_GEN_AI_REQUEST_MODEL] = this.model;
    if (responseModel !== undefined)
      attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
    attributes[ATTR_LLM_OTEL_FEATURE] = this.feature;
    attributes[ATTR_SERVER_ADDRESS] = this.startAttributes[ATTR_SERVER_ADDRESS];
    attributes[ATTR_SERVER_PORT] = this.startAttributes[ATTR_SERVER_PORT];
    return attributes;
  }

  /** Parses the request and starts the span, or drops unconfirmed traffic. */
  private start(body: Uint8Array | string | undefined): void {
    if (this.started) return;
    this.started = true;
    const { match, module } = this.matched;
    const facts = module.parseRequest(match, body, {
      captureContent: this.captureContent,
    });
    if (match.confirmByBody && facts?.model === undefined) {
      // Only the path looked like an LLM API: not proven, record nothing.
      this.dropped = true;
      return;
    }
    if (facts !== undefined) this.requestFacts = facts;
    if (facts?.model !== undefined) this.model = facts.model;
    if (facts?.provider !== undefined) this.provider = facts.provider;
    const size =
      body === undefined
        ? 0
        : typeof body === 'string'
          ? body.length
          : body.byteLength;
    // An empty body says nothing of the call (or was never sent: a failed
    // connect): two such are not the same request.
    if (
      size > 0 &&
      size <= MAX_FINGERPRINTED_BODY_BYTES &&
      !this.collected.tooLarge
    ) {
      this.retryBody = body;
      this.retryMatchable = true;
    }
    if (match.streamFromUrl === true && this.requestFacts.stream !== true)
      this.requestFacts = { ...this.requestFacts, stream: true };

    const { address, port } = serverAddress(this.request.url);
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: match.operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: this.provider,
      [ATTR_SERVER_ADDRESS]: address,
      [ATTR_SERVER_PORT]: port,
      [ATTR_LLM_OTEL_FEATURE]: this.feature,
    };
    if (this.model !== undefined)
      attributes[ATTR_GEN_AI_REQUEST_MODEL] = this.model;
    const attempt = retryAttempt(this.request.headers);
    if (attempt !== undefined) attributes[ATTR_LLM_OTEL_ATTEMPT] = attempt;
    Object.assign(
      attributes,
      requestAttributes(
        this.requestFacts,
        this.provider,
        this.deps.config.semconv,
        this.limits,
      ),
    );

    this.startAttributes = attributes;
    markSuperseded(trace.getSpan(this.parent));
    if (this.model !== undefined) this.deps.openSpans?.supersede(this.model);
    this.spanPending = true;
  }

  /**
   * Opens the span, at a deferred run: by then the response headers came,
   * so a redirect has dropped the attempt and no span is left unended.
   */
  private openSpan(): void {
    if (!this.spanPending || this.dropped) return;
    this.spanPending = false;
    const operation = this.matched.match.operation;
    const name =
      this.model === undefined ? operation : `${operation} ${this.model}`;
    // Started in the caller's context but never made active: HTTP-level
    // instrumentations of the same request stay siblings, not children.
    this.span = this.deps.tracer.startSpan(
      name,
      {
        kind: SpanKind.CLIENT,
        startTime: this.request.startTime,
        attributes: this.startAttributes,
      },
      this.parent,
    );
  }

  private finish(ending: Ending): void {
    if (this.finished) return;
    const { endTime, cut, reason, error } = ending;
    try {
      this.runStart();
      this.finished = true;
      this.dropQueued();
      const span = this.span;
      globalState().activity++;
      if (this.dropped || span === undefined) return;
      let facts: ResponseFacts = { complete: !cut };
      if (this.parser !== undefined) facts = this.parser.finish(cut);
      this.parser = undefined;

      const { match } = this.matched;
      const config = this.deps.config;
      const result = classifyAttempt({
        status: this.status,
        bodyErrorType: facts.errorType,
        fail: reason === undefined ? undefined : { reason, error },
        responseComplete: facts.complete,
        // A body unlike its API's (blank included) fails the attempt, but
        // not one we did not see, nor the none of a status without one.
        malformed:
          facts.malformed === true &&
          !this.bodyHidden &&
          !withoutBody(this.status),
        // A choice the parser saw start but never finish, in a body that
        // ended in good order (finish reason `error`, as for a cut stream).
        cutShort:
          !facts.complete &&
          facts.finishReasons?.includes(CUT_FINISH_REASON) === true &&
          !this.bodyHidden &&
          !withoutBody(this.status),
      });
      const attributes = responseAttributes(
        facts,
        this.provider,
        config.semconv,
        this.limits,
      );
      attributes[ATTR_LLM_OTEL_OUTCOME] = result.outcome;
      if (result.errorType !== undefined)
        attributes[ATTR_ERROR_TYPE] = result.errorType;
      const failed =
        result.outcome !== 'success' && result.outcome !== 'canceled';
      // An SDK may retry on an error status before that body ended.
      const failedAt =
        this.status !== undefined && this.status >= 400
          ? this.headersAt
          : endTime;
      const retry = this.retryNumber(failed, failedAt);
      if (retry !== undefined) attributes[ATTR_LLM_OTEL_ATTEMPT] = retry;
      const firstChunkAt = this.chunks.firstAt;
      const ttfc =
        firstChunkAt === undefined
          ? undefined
          : (firstChunkAt - this.request.startTime) / 1000;
      if (ttfc !== undefined && this.requestFacts.stream === true)
        attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = ttfc;
      span.setAttributes(attributes);
      if (result.isError) span.setStatus({ code: SpanStatusCode.ERROR });
      const logger = this.deps.logger;
      if (
        logger !== undefined &&
        config.contentOnEvents &&
        match.operation !== 'embeddings'
      )
        emitOperationDetails(
          logger,
          this.parent,
          span,
          { ...this.startAttributes, ...attributes },
          this.requestFacts,
          facts,
          config.maxContentLength,
        );
      span.end(endTime);

      // Once gaps went out live, every metric of the attempt keeps their
      // attributes, so per-model series line up.
      const metricAttributes =
        this.liveAttributes ?? this.metricAttributes(facts.responseModel);
      const streamed = this.requestFacts.stream === true;
      this.deps.metrics.record({
        operation: match.operation,
        attributes: metricAttributes,
        durationSeconds: (endTime - this.request.startTime) / 1000,
        errorType: result.errorType,
        timeToFirstChunkSeconds: streamed ? ttfc : undefined,
        chunkGapsSeconds: streamed ? this.chunks.heldGaps : [],
        usage: facts.usage,
      });
    } catch (e) {
      this.broken(e);
    }
  }

  /**
   * The attempt number when this attempt retries an identical failed one and
   * no header numbered it past 0 (see retry-chains.ts); remembers this
   * attempt if it failed. Hashes only on those paths, or while some failure
   * is remembered.
   */
  private retryNumber(failed: boolean, failedAt: number): number | undefined {
    const body = this.retryBody;
    this.retryBody = undefined;
    if (!this.retryMatchable) return undefined;
    this.retryMatchable = false;
    const chains = this.deps.retries;
    const remembering = chains.remembering;
    if (!failed && !remembering) return undefined;
    const key = requestFingerprint(this.request.method, this.request.url, body);
    // Followed even when the SDK numbers its own retries, so that the
    // failure is not taken for the predecessor of a later request.
    const scope = retryScope(this.parent);
    const followed = remembering
      ? chains.follow(key, scope, this.request.startTime)
      : undefined;
    const announced = this.startAttributes[ATTR_LLM_OTEL_ATTEMPT];
    const header = typeof announced === 'number' ? announced : undefined;
    const detected = header !== undefined && header > 0 ? undefined : followed;
    if (failed) chains.failed(key, scope, detected ?? header ?? 0, failedAt);
    return detected;
  }

  /** Lets go of the queued chunks (parsed, or not wanted any more). */
  private dropQueued(): void {
    this.queued.length = 0;
    this.queuedAt.length = 0;
    releaseDeferredBytes(this.queuedBytes);
    this.queuedBytes = 0;
  }

  private broken(error: unknown): void {
    diagOnce('attempt', 'error', 'an LLM call could not be recorded', error);
    untrackOpenAttempt(this);
    this.dropped = true;
    this.finished = true;
    this.bodyOpen = false;
    this.parser = undefined;
    this.responseMeta = undefined;
    this.deferredBody = undefined;
    this.dropQueued();
    try {
      this.span?.end();
    } catch {
      // Nothing left to do.
    }
    this.span = undefined;
  }
}
