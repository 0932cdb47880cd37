// --data-dir keeps PGlite's data between runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStorage } from '../src/storage/open-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'tripstore-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a user created in one run is there in the next', { timeout: 60_000 }, async () => {
  const options = { fixed: new Set<never>(), poolSize: 1, migrate: true, dataDir: dir };
  const first = await openStorage('pglite', options);
  const uuid = await first.createUser('user-1-0');
  await first.close();
  const second = await openStorage('pglite', options);
  try {
    expect(await second.findUser('user-1-0')).toEqual({ uuid, version: 0 });
    expect(await second.findUser('user-1-1')).toBeNull();
  } finally {
    await second.close();
  }
});
