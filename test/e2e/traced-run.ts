// One traced run of a fixture server, as a user runs it: `loadlens collect`, the server under
// `loadlens wrap` (proxy + zero-code preload), `loadlens run` with a workload, then `loadlens analyze`
// of the store with the run joined. Shared by the cause-attribution e2e tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '@loadlens/types';
import { main } from 'loadlens';
import { expect } from 'vitest';
import { freePort, startProcess } from '../harness/index.ts';
import { CLI, FIXTURES, startWrap } from './proxy-wrap.ts';

/** The CLI in-process, its output collected. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface TracedRun {
  /** Files go here: `<name>.db`, `<name>.yaml`, `<name>.run.json`. */
  dir: string;
  name: string;
  /** The fixture's folder under test/fixtures/proxy; its server.js is started. */
  fixture: string;
  databaseUrl: string;
  /** The workload's operations, one YAML flow mapping each. */
  operations: string[];
  seconds: number;
}

/** Runs it and returns the analyzed report (with `--explain` against the same database). */
export async function tracedRun(run: TracedRun): Promise<Report> {
  const port = await freePort();
  const store = join(run.dir, `${run.name}.db`);
  const collector = await startProcess(
    process.execPath,
    [CLI, 'collect', '--listen', `127.0.0.1:${port}`, '--store', store],
    { name: 'loadlens-collect', ready: { log: /collecting OTLP\/HTTP on/ } },
  );
  const wrap = await startWrap(
    ['--otlp', `http://127.0.0.1:${port}`, '--', 'node', join(FIXTURES, run.fixture, 'server.js')],
    { DATABASE_URL: run.databaseUrl },
  );
  const workload = join(run.dir, `${run.name}.yaml`);
  writeFileSync(
    workload,
    [
      `name: ${run.name}`,
      `duration: ${run.seconds}s`,
      'seed: 1',
      'operations:',
      ...run.operations.map((o) => `  - ${o}`),
    ].join('\n'),
  );
  const runJson = join(run.dir, `${run.name}.run.json`);
  try {
    const result = await cli('run', workload, '--target', wrap.proxyUrl, '--out', runJson);
    expect(result.code, result.err).toBe(0);
  } finally {
    await wrap.process.stop();
    await collector.stop();
  }
  const analyzed = await cli(
    'analyze',
    store,
    '--run',
    runJson,
    '--explain',
    run.databaseUrl,
    '--format',
    'json',
  );
  expect(analyzed.code, analyzed.err).toBe(0);
  return JSON.parse(analyzed.out) as Report;
}
