// The sampler the OTel SDK would build from OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG (same values and fallbacks as sdk-node), so that
// register can wrap it rather than replace it.

import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../config/resolve-config.js';

export interface EnvSampler {
  readonly sampler: Sampler;
  readonly problems: readonly string[];
}

function ratio(env: Env, problems: string[]): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (raw === undefined || raw === '') {
    problems.push('OTEL_TRACES_SAMPLER_ARG is blank; using 1.');
    return 1;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    problems.push(
      `OTEL_TRACES_SAMPLER_ARG="${raw}" is not in [0..1]; using 1.`,
    );
    return 1;
  }
  return value;
}

export function samplerFromEnv(env: Env = process.env): EnvSampler {
  const problems: string[] = [];
  const name = env.OTEL_TRACES_SAMPLER?.trim();
  const parentBased = (root: Sampler) => new ParentBasedSampler({ root });
  let sampler: Sampler;
  switch (name) {
    case undefined:
    case '':
    case 'parentbased_always_on':
      sampler = parentBased(new AlwaysOnSampler());
      break;
    case 'always_on':
      sampler = new AlwaysOnSampler();
      break;
    case 'always_off':
      sampler = new AlwaysOffSampler();
      break;
    case 'parentbased_always_off':
      sampler = parentBased(new AlwaysOffSampler());
      break;
    case 'traceidratio':
      sampler = new TraceIdRatioBasedSampler(ratio(env, problems));
      break;
    case 'parentbased_traceidratio':
      sampler = parentBased(new TraceIdRatioBasedSampler(ratio(env, problems)));
      break;
    default:
      problems.push(
        `OTEL_TRACES_SAMPLER="${name}" is not supported; using parentbased_always_on.`,
      );
      sampler = parentBased(new AlwaysOnSampler());
  }
  return { sampler, problems };
}
