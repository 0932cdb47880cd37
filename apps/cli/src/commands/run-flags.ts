// Options shared by `loadlens run` and `loadlens capacity`, and the checks both run before any load.
import { createRequestSource, targetUrl } from '@loadlens/generator';
import { InputError, type ResolvedWorkload } from '@loadlens/types';
import type { OptionSpec } from '../options/option-spec.ts';
import { custom, integer } from '../options/option-values.ts';

/** `--connections N`: the cap on open connections. */
export const connectionsOption = integer({
  description: 'Cap on open connections (default: the workload’s, else 1024)',
  min: 1,
});

/** `--queue N`: requests that may wait for a connection; beyond it they are dropped (and counted). */
export const queueOption = integer({
  description: 'Requests that may wait for a connection before drops (default 65536)',
  min: 0,
});

/** `--target URL`: parsed once, here, into the URL the probe and the engine use. */
export const targetOption: OptionSpec<URL> = custom({
  description: 'Base URL of the target (default: the workload’s "target")',
  placeholder: 'URL',
  parse: (value) => targetUrl(value),
});

/** `--label key=value`, repeatable, into one record of labels. */
export const labelsOption: OptionSpec<Record<string, string>> = {
  description: 'key=value label for the run',
  flag: 'label',
  placeholder: 'KEY=VALUE',
  parse(raw, flag) {
    const at = raw.indexOf('=');
    if (at <= 0) throw new InputError(`${flag} "${raw}": expected key=value`);
    return { [raw.slice(0, at)]: raw.slice(at + 1) };
  },
  merge: (earlier, later) => ({ ...earlier, ...later }),
};

/** The target of a run: the flag (already parsed), else the workload's, parsed here. */
export function targetOf(flag: URL | undefined, fromWorkload: string | undefined): URL {
  if (flag !== undefined) return flag;
  if (fromWorkload === undefined)
    throw new InputError('no target: pass --target URL or set "target" in the workload');
  return targetUrl(fromWorkload);
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
