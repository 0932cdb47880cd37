// The API contract on embedded PGlite, in-process over loopback.
import { BOTTLENECKS } from '../src/fixes.ts';
import { serve } from '../src/serve.ts';
import { describeContract, type StartTripstore } from './contract-suite.ts';

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

describeContract('pglite', startOnPglite, [
  ['none', new Set()],
  ['all', new Set(BOTTLENECKS)],
]);
