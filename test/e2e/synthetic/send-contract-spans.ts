import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { CallSpec } from '../scenario/llm-calls.js';

/** One span sent, with whether the app's sampler kept its trace. */
export interface SentCall {
  readonly spec: CallSpec;
  readonly traceId: string;
  readonly kept: boolean;
}

export interface SendOptions {
  readonly otlpHttpUrl: string;
  readonly serviceName: string;
  /** Keep every n-th call's trace; the others are sent with llm_otel.sampled=false (contract §1). */
  readonly keepEvery: number;
}

function callAttributes(spec: CallSpec, kept: boolean): Attributes {
  const a: Attributes = {
    'gen_ai.operation.name': spec.operation,
    'gen_ai.request.model': spec.requestModel,
    'server.address': 'api.example.test',
    'server.port': 443,
    ...spec.usage,
  };
  if (spec.provider !== undefined) a['gen_ai.provider.name'] = spec.provider;
  if (spec.legacySystem !== undefined) a['gen_ai.system'] = spec.legacySystem;
  if (spec.responseModel !== undefined)
    a['gen_ai.response.model'] = spec.responseModel;
  if (spec.feature !== undefined) a['llm_otel.feature'] = spec.feature;
  if (spec.outcome !== undefined) a['llm_otel.outcome'] = spec.outcome;
  if (spec.errorType !== undefined) a['error.type'] = spec.errorType;
  if (spec.ttftS !== undefined)
    a['gen_ai.response.time_to_first_chunk'] = spec.ttftS;
  if (spec.attempt !== undefined) a['llm_otel.attempt'] = spec.attempt;
  if (!kept) a['llm_otel.sampled'] = false;
  return a;
}

/**
 * Stand-in for real SDK traffic until `node --import @x/llm-otel/register` is wired in:
 * builds the spans collector/CONTRACT.md §1 describes with the OTel JS SDK and exports
 * them over OTLP/HTTP to the Collector.
 */
export async function sendContractSpans(
  calls: readonly CallSpec[],
  options: SendOptions,
): Promise<SentCall[]> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${options.otlpHttpUrl}/v1/traces` }),
      ),
    ],
  });
  const tracer = provider.getTracer('@x/llm-otel');
  const thirdParty = provider.getTracer('@anthropic-ai/sdk');
  const sent: SentCall[] = [];
  let n = 0;
  const now = Date.now();
  for (const spec of calls) {
    for (let i = 0; i < spec.count; i++) {
      const kept = n % options.keepEvery === 0;
      n++;
      const start = now - spec.durationS * 1000;
      const end = now;
      let parentCtx = context.active();
      let parent;
      if (spec.supersededParent === true) {
        // The third-party client's own span: same call, superseded by ours (its child).
        parent = thirdParty.startSpan(
          `chat ${spec.requestModel}`,
          {
            kind: SpanKind.CLIENT,
            startTime: start,
            attributes: {
              ...callAttributes(spec, kept),
              'llm_otel.superseded': true,
              'gen_ai.usage.input_tokens': 99999,
            },
          },
          parentCtx,
        );
        parentCtx = trace.setSpan(parentCtx, parent);
      }
      const span = tracer.startSpan(
        `${spec.operation} ${spec.requestModel}`,
        {
          kind: SpanKind.CLIENT,
          startTime: start,
          attributes: callAttributes(spec, kept),
        },
        parentCtx,
      );
      if (spec.errorType !== undefined)
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
      parent?.end(end);
      sent.push({ spec, traceId: span.spanContext().traceId, kept });
    }
  }
  await provider.forceFlush();
  await provider.shutdown();
  return sent;
}
