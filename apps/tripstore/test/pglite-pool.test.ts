// Embedded PGlite is one database session: tripstore keeps one connection to it even with the `pool`
// fix, because several connections interleave their statements and transactions in that session.
import { expect, test } from 'vitest';
import { openStorage } from '../src/storage/open-storage.ts';

test('with --db pglite and the pool fix, concurrent queries share one connection and all succeed', {
  timeout: 90_000,
}, async () => {
  const store = await openStorage('pglite', { fixed: new Set(['pool']), poolSize: 10, migrate: true });
  try {
    const users = Array.from({ length: 12 }, (_, i) => `pglite-pool-${i}`);
    await Promise.all(users.map((user) => store.createUser(user)));
    const found = await Promise.all([...users, ...users].map((user) => store.findUser(user)));
    expect(found.every((row) => row !== null)).toBe(true);
    expect(store.stats.connectionsOpened).toBe(1);
  } finally {
    await store.close();
  }
});
