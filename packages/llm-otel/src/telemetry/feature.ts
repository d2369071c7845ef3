// Feature attribution: which product feature made an LLM call. A scope set
// with `withFeature` wins; otherwise the W3C baggage entry `llm_otel.feature`
// (so a call inherits its caller's feature across services when the app
// propagates baggage); otherwise `unattributed`.

import { context, propagation } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import {
  BAGGAGE_KEY_FEATURE,
  LLM_OTEL_FEATURE_VALUE_UNATTRIBUTED,
} from './semconv.js';
import { globalState } from './global-state.js';

/** Longest feature label we emit: metric labels must stay bounded. */
export const FEATURE_MAX_LENGTH = 64;

/**
 * Lower-case, every run of characters outside [a-z0-9_] becomes one '_',
 * no leading/trailing '_', at most 64 characters. Empty → `unattributed`.
 * "Dreamer/deduction" → "dreamer_deduction".
 */
export function normaliseFeature(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, FEATURE_MAX_LENGTH)
    .replace(/_+$/, '');
  return label === '' ? LLM_OTEL_FEATURE_VALUE_UNATTRIBUTED : label;
}

/** The context `fn` would run in under `withFeature(name, ...)`. */
export function contextWithFeature(name: string, parent: Context): Context {
  const label = normaliseFeature(String(name));
  let ctx = parent.setValue(globalState().featureKey, label);
  // Also put it in baggage so a propagator carries it to downstream services.
  const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage({});
  ctx = propagation.setBaggage(
    ctx,
    baggage.setEntry(BAGGAGE_KEY_FEATURE, { value: label }),
  );
  return ctx;
}

/**
 * Runs `fn` with `name` as the feature of every LLM call made inside it
 * (including after awaits). Returns what `fn` returns.
 */
export function withFeature<T>(name: string, fn: () => T): T {
  let ctx: Context;
  try {
    ctx = contextWithFeature(name, context.active());
  } catch {
    return fn();
  }
  return context.with(ctx, fn);
}

/** The normalised feature for a call made in `ctx`. */
export function featureOf(ctx: Context): string {
  const scoped = ctx.getValue(globalState().featureKey);
  if (typeof scoped === 'string') return scoped;
  const entry = propagation.getBaggage(ctx)?.getEntry(BAGGAGE_KEY_FEATURE);
  if (entry !== undefined) return normaliseFeature(entry.value);
  return LLM_OTEL_FEATURE_VALUE_UNATTRIBUTED;
}
