import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InputError } from './errors.ts';
import { readInputFile } from './read-input-file.ts';

describe('readInputFile', () => {
  it('names the file, what it was for and why it cannot be read, as an input error (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadlens-read-'));
    const missing = join(dir, 'w.yaml');
    await expect(readInputFile(missing, 'workload file')).rejects.toThrow(
      `${missing}: cannot read workload file: no such file`,
    );
    await expect(readInputFile(dir)).rejects.toThrow(`${dir}: cannot read: is a directory`);
    const error = await readInputFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(ExitCode.input);
  });
});
