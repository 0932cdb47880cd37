// OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, read the way the OpenTelemetry specification names
// them, for a wrap started without --sample. The proxy is where traces start and it always follows a
// traceparent that arrives with the request (the load generator's decision), so the plain and the
// parentbased_ forms of a sampler mean the same thing here.
import { InputError } from '@loadlens/types';

const SUPPORTED = 'always_on, always_off, traceidratio and their parentbased_ forms';

/**
 * The sampling ratio the environment asks for, or undefined when OTEL_TRACES_SAMPLER is not set.
 * @example sampleRatioFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }) // 0.1
 */
export function sampleRatioFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (name === undefined || name === '') return undefined;
  const sampler = name.startsWith('parentbased_') ? name.slice('parentbased_'.length) : name;
  if (sampler === 'always_on') return 1;
  if (sampler === 'always_off') return 0;
  if (sampler === 'traceidratio') {
    const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
    // The specification's default ratio when the argument is missing is 1.0.
    if (arg === undefined || arg === '') return 1;
    const ratio = Number(arg);
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
      throw new InputError(
        `OTEL_TRACES_SAMPLER_ARG: expected a ratio between 0 and 1 for ${name}, got "${arg}"`,
      );
    return ratio;
  }
  throw new InputError(
    `OTEL_TRACES_SAMPLER=${env.OTEL_TRACES_SAMPLER}: loadlens wrap supports ${SUPPORTED}; or give --sample 0.1`,
  );
}
