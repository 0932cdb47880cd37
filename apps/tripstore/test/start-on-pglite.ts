// One embedded PGlite per test file, shared by the servers the file starts (each with its own
// --fixed set; users are unique per test), so a file pays PGlite's WASM start-up once.
import { afterAll, beforeAll } from 'vitest';
import { serve } from '../src/serve.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/storage/embedded-postgres.ts';
import type { StartTripstore } from '../src/testing/contract-suite.ts';

export function sharedPglite(): StartTripstore {
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await embedded?.stop();
  });
  return async function startOnPglite(fixed) {
    const running = await serve({
      port: 0,
      host: '127.0.0.1',
      db: embedded.url,
      fixed,
      poolSize: 4,
      workers: 1,
      pipelineInterval: 0,
    });
    return { url: running.url, store: running.store!, close: running.close };
  };
}
