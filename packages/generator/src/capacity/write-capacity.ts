// Writes capacity results: one configuration keeps the capacity contract in the given file; several
// write one file per configuration next to it (capacity.json → capacity.small.json, capacity.large.json).
import { writeFile } from 'node:fs/promises';
import { type Capacity, RuntimeFailure } from '@loadlens/types';

/** capacity.json + "small" → capacity.small.json */
export function capacityFileFor(out: string, name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const dot = out.lastIndexOf('.');
  return dot > 0 ? `${out.slice(0, dot)}.${safe}${out.slice(dot)}` : `${out}.${safe}`;
}

/** Returns the files written. */
export async function writeCapacityResults(
  out: string,
  results: readonly { name: string; capacity: Capacity }[],
): Promise<string[]> {
  const files = results.length === 1 ? [out] : results.map((r) => capacityFileFor(out, r.name));
  for (const [i, file] of files.entries()) {
    try {
      await writeFile(file, `${JSON.stringify(results[i]!.capacity, null, 2)}\n`);
    } catch (error) {
      throw new RuntimeFailure(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  }
  return files;
}
