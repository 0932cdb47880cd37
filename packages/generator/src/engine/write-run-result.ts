// Writes run.json atomically (temp file + rename), so a reader never sees half a run.
import { rename, writeFile } from 'node:fs/promises';
import { type RunResult, RuntimeFailure } from '@loadlens/types';

export async function writeRunResult(file: string, result: RunResult): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(result, null, 2)}\n`);
    await rename(temp, file);
  } catch (error) {
    throw new RuntimeFailure(
      `${file}: cannot write the run result: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
