// Other instrumentations' gen_ai model-call spans that are open now, by
// request model. Marking an SDK's own span superseded (mark-superseded.ts)
// needs that span: usually it is the active one when our attempt begins, but
// not always. Vercel ai 7 (with @ai-sdk/otel) makes its embed and object
// calls' HTTP requests outside its spans' context, so they are not our
// parent; without this, its spans and ours both reach the metrics. A span
// processor on the app's TracerProvider keeps such spans from start to end;
// an attempt marks the open ones that name its model. Bounded, and only
// model calls (not agent, tool or step spans) are kept.

import type { Context, Span } from '@opentelemetry/api';
import type {
  ReadableSpan,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { markSuperseded, maySupersede } from './mark-superseded.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
} from './semconv.js';

/** Open spans kept at most; past it, new ones are not. */
export const MAX_OPEN_GENAI_SPANS = 1024;

/** Operations that are one call to a model (what our attempts are). */
const MODEL_CALLS = new Set([
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
]);

interface SpanWithAttributes {
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export class OpenGenAiSpans implements SpanProcessor {
  private readonly byModel = new Map<string, Set<Span>>();
  /** The model each kept span was kept under (its attribute may change). */
  private readonly models = new Map<Span, string>();

  get size(): number {
    return this.models.size;
  }

  onStart(span: Span, _parentContext: Context): void {
    try {
      // Every span of the app passes here: the cheapest test first.
      const attributes = (span as SpanWithAttributes).attributes;
      const operation = attributes?.[ATTR_GEN_AI_OPERATION_NAME];
      if (typeof operation !== 'string' || !MODEL_CALLS.has(operation)) return;
      const model = attributes?.[ATTR_GEN_AI_REQUEST_MODEL];
      if (typeof model !== 'string' || model === '') return;
      if (this.models.size >= MAX_OPEN_GENAI_SPANS || !maySupersede(span))
        return;
      let open = this.byModel.get(model);
      if (open === undefined) {
        open = new Set();
        this.byModel.set(model, open);
      }
      open.add(span);
      this.models.set(span, model);
    } catch {
      // A span of unknown shape is not kept.
    }
  }

  onEnd(span: ReadableSpan): void {
    const kept = span as unknown as Span;
    const model = this.models.get(kept);
    if (model === undefined) return;
    this.models.delete(kept);
    const open = this.byModel.get(model);
    open?.delete(kept);
    if (open?.size === 0) this.byModel.delete(model);
  }

  /** Marks every open span of `model` superseded: our attempt is that call. */
  supersede(model: string): void {
    const open = this.byModel.get(model);
    if (open === undefined) return;
    for (const span of open) markSuperseded(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.byModel.clear();
    this.models.clear();
    return Promise.resolve();
  }
}
