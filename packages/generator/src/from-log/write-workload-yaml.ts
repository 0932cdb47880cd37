// Writes a fitted workload as YAML after checking it against the workload schema, so `from-log` never
// leaves a file that `loadlens run` would reject.
import { writeFileSync } from 'node:fs';
import { InputError, parseOrThrow, type WorkloadInput, workloadSchema } from '@loadlens/types';
import { stringify } from 'yaml';

/** Serializes `workload` with a header comment; throws (a bug, not the user's) if it does not validate. */
export function workloadYaml(workload: WorkloadInput, header: string[]): string {
  parseOrThrow(workloadSchema, workload, '(fitted workload)');
  const comments = header.map((line) => `# ${line}\n`).join('');
  return comments + stringify(workload, { lineWidth: 0 });
}

/** Writes the YAML to `file`, naming it in a one-line error when it cannot. */
export function writeWorkloadYaml(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
