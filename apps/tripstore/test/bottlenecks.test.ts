// The five bottlenecks on embedded PGlite: present, then gone with their fix.
import { serve } from '../src/serve.ts';
import { describeBottlenecks } from './bottleneck-suite.ts';
import type { StartTripstore } from './contract-suite.ts';

const startOnPglite: StartTripstore = async (fixed) => {
  const running = await serve({
    port: 0,
    host: '127.0.0.1',
    db: 'pglite',
    fixed,
    poolSize: 4,
    workers: 1,
    pipelineInterval: 0,
  });
  return { url: running.url, store: running.store!, close: running.close };
};

describeBottlenecks('pglite', startOnPglite, { scanNode: /Seq Scan/, indexNode: /Index Scan/ });
