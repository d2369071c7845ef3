import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { samplerFromEnv } from '../../src/sdk/env-sampler.js';

void describe('samplerFromEnv', () => {
  const cases: [Record<string, string>, string, string[]][] = [
    [{}, 'ParentBased{root=AlwaysOnSampler', []],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler', []],
    [
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' },
      'TraceIdRatioBased{0.25}',
      [],
    ],
    [
      {
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
      },
      'ParentBased{root=TraceIdRatioBased{1}',
      ['OTEL_TRACES_SAMPLER_ARG="2" is not in [0..1]; using 1.'],
    ],
    [
      { OTEL_TRACES_SAMPLER: 'jaeger_remote' },
      'ParentBased{root=AlwaysOnSampler',
      [
        'OTEL_TRACES_SAMPLER="jaeger_remote" is not supported; using parentbased_always_on.',
      ],
    ],
  ];
  for (const [env, prefix, problems] of cases)
    void it(JSON.stringify(env), () => {
      const r = samplerFromEnv(env);
      assert.ok(r.sampler.toString().startsWith(prefix), r.sampler.toString());
      assert.deepEqual(r.problems, problems);
    });
});
