// `export k6`: writes the k6 script and its SharedArray data file next to it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type ResolvedWorkload } from '@loadlens/types';
import { k6Samples } from './k6-data.ts';
import { k6Options } from './k6-options.ts';
import { k6Script } from './k6-script.ts';

export interface K6Export {
  script: string;
  dataFile: string;
  scenarios: number;
  samples: number;
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * Writes `out` (the script) and `<out without .ts/.js>.data.json` (the pre-drawn requests).
 * @example exportK6(resolved, 'load.ts', { sourceFile: 'workload.yaml' })
 */
export function exportK6(
  workload: ResolvedWorkload,
  out: string,
  options: { sourceFile?: string; now?: () => number } = {},
): K6Export {
  if (!/\.(ts|js|mjs)$/.test(out))
    throw new InputError(`--out "${out}": expected a .ts or .js script path, e.g. load.ts`);
  const dataFile = out.replace(/\.(ts|js|mjs)$/, '.data.json');
  const samples = k6Samples(workload, options.now ? { now: options.now } : {});
  const k6 = k6Options(workload);
  const script = k6Script(workload, k6, `./${path.basename(dataFile)}`, options.sourceFile ?? 'workload');
  write(dataFile, JSON.stringify(samples));
  write(out, script);
  return {
    script: out,
    dataFile,
    scenarios: Object.keys(k6.scenarios).length,
    samples: Object.values(samples).reduce((n, s) => n + s.length, 0),
  };
}
