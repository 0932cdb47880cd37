import { expect, test } from 'vitest';
import { resolveServeOptions } from './serve-options.ts';

test('a deployment config file sets the options and flags win over it', () => {
  const path = new URL('../deploy.example.yaml', import.meta.url).pathname;
  const fromFile = resolveServeOptions({ config: path });
  expect({ ...fromFile, fixed: [...fromFile.fixed] }).toEqual({
    db: 'pglite',
    dataDir: './tripstore-data',
    fixed: ['index', 'n-plus-one'],
    poolSize: 10,
    workers: 2,
    port: 8080,
    host: '127.0.0.1',
    pipelineInterval: 60,
  });
  const overridden = resolveServeOptions({ config: path, fixed: 'all', workers: '1', port: '0' });
  expect([overridden.fixed.size, overridden.workers, overridden.port, overridden.poolSize]).toEqual([
    5, 1, 0, 10,
  ]);
});

test('without flags or file: embedded PGlite on loopback, every bottleneck present', () => {
  const defaults = resolveServeOptions({});
  expect({ ...defaults, fixed: [...defaults.fixed] }).toEqual({
    db: 'pglite',
    fixed: [],
    poolSize: 10,
    workers: 1,
    port: 0,
    host: '127.0.0.1',
    pipelineInterval: 60,
  });
});
