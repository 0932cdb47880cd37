// Flag parsing shared by `loadlens run` and `loadlens capacity`: one-line InputErrors naming the flag.
import { createRequestSource, targetUrl } from '@loadlens/generator';
import { InputError, type ResolvedWorkload } from '@loadlens/types';

export function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min)
    throw new InputError(`--${name} "${value}": expected an integer ≥ ${min}`);
  return Number(value);
}

export function labelsOf(values: string | string[] | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const raw of [values ?? []].flat()) {
    const at = raw.indexOf('=');
    if (at <= 0) throw new InputError(`--label "${raw}": expected key=value`);
    labels[raw.slice(0, at)] = raw.slice(at + 1);
  }
  return labels;
}

/** Every value of a repeatable flag (citty keeps only the last): `--name v` and `--name=v`. */
export function repeatedFlag(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === '--') break;
    if (arg === `--${name}` && rawArgs[i + 1] !== undefined) values.push(rawArgs[++i] as string);
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  }
  return values;
}

/** Validates a target URL flag or workload field: http(s) with a host. */
export function targetOf(flag: string | undefined, fromWorkload: string | undefined): string {
  const target = flag ?? fromWorkload;
  if (target === undefined)
    throw new InputError('no target: pass --target URL or set "target" in the workload');
  targetUrl(target);
  return target;
}

/** The workload's request source, checked before anything runs; its problems name the workload file. */
export function requestSourceFor(
  file: string,
  workload: ResolvedWorkload,
): ReturnType<typeof createRequestSource> {
  try {
    return createRequestSource(workload);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.problems.map((p) => `${file}: ${p}`));
    throw error;
  }
}
