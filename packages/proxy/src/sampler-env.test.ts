import { describe, expect, it } from 'vitest';
import { sampleRatioFromEnv } from './sampler-env.ts';

describe('OTEL_TRACES_SAMPLER', () => {
  it('maps the specification’s samplers to a ratio, the argument defaulting to 1', () => {
    expect(sampleRatioFromEnv({})).toBeUndefined();
    expect(sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
    expect(sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' })).toBe(1);
    expect(sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toBe(1);
    expect(
      sampleRatioFromEnv({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toBe(0.25);
  });

  it('refuses samplers it cannot honour and bad ratios in one line naming the variable', () => {
    expect(() => sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      'OTEL_TRACES_SAMPLER=jaeger_remote: loadlens wrap supports always_on, always_off, traceidratio and their parentbased_ forms; or give --sample 0.1',
    );
    expect(() =>
      sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }),
    ).toThrow('OTEL_TRACES_SAMPLER_ARG: expected a ratio between 0 and 1 for traceidratio, got "2"');
  });
});
