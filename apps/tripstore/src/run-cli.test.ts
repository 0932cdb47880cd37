// The command line's failures: one line naming the input, exit 2 for usage, 3 for an unreachable database.
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from './run-cli.ts';
import { syntheticDay } from './testing/synthetic-entries.ts';

const dir = mkdtempSync(join(tmpdir(), 'tripstore-cli-'));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n').split('\n')[0] ?? '' };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('bad flags and bad config files exit 2 with one line naming the input', async () => {
  const results = await Promise.all([
    run('--prot', '8080'),
    run('--fixed', 'index,speed'),
    run('--db', 'mysql://localhost/x'),
    run('--port', '99999'),
    run('--config', join(dir, 'missing.yaml')),
    run('--config', file('unknown-key.yaml', 'pool: 4\nthreads: 2\n')),
    run('--config', file('bad-fixed.yaml', 'fixed: [index, cache]\n')),
    run('--config', file('bad.yaml', 'pool: [1\n')),
    run('seed', '--db', 'pglite'),
  ]);
  expect(results.map(({ code, err }) => `${code} ${err.replaceAll(dir, '<dir>')}`)).toMatchInlineSnapshot(`
    [
      "2 tripstore: Unknown option '--prot'",
      "2 tripstore: --fixed: unknown bottleneck "speed"; expected none, all or a comma list of index, n-plus-one, serialize, pool, polling",
      "2 tripstore: --db: expected pglite, postgres://… or mongodb://…, got "mysql://localhost/x"",
      "2 tripstore: --port: expected an integer from 0 to 65535, got "99999"",
      "2 tripstore: --config: cannot read <dir>/missing.yaml: ENOENT",
      "2 tripstore: <dir>/unknown-key.yaml: unknown key "threads"; expected port, host, db, dataDir, fixed, pool, workers, pipelineInterval",
      "2 tripstore: <dir>/bad-fixed.yaml: fixed: unknown bottleneck "cache"; expected none, all or a comma list of index, n-plus-one, serialize, pool, polling",
      "2 tripstore: <dir>/bad.yaml: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:",
      "2 tripstore: seed: --from data.jsonl is required",
    ]
  `);
});

test('a database that cannot be reached exits 3', async () => {
  const result = await run(
    'seed',
    '--db',
    'postgres://postgres@127.0.0.1:1/postgres',
    '--from',
    file('one.jsonl', '{}\n'),
  );
  expect(result.code).toBe(3);
  expect(result.err).toMatch(
    /^tripstore: cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres: .*ECONNREFUSED/,
  );
});

// Seeding starts PGlite (WASM) per run: generous bounds for a shared, busy machine.
test('seed loads a JSON lines file into PGlite and says how fast', { timeout: 60_000 }, async () => {
  const lines = syntheticDay({ user: 'user-1-0', trips: 2 }).map((entry) => JSON.stringify(entry));
  const result = await run('seed', '--from', file('day.jsonl', `${lines.join('\n')}\n`), '--pipeline');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(
    new RegExp(
      `^seeded ${lines.length} entries for 1 users in [\\d.]+ s \\(\\d+ entries/s\\); pipeline found 2 trips$`,
    ),
  );
});

test('seed stops at the first bad line, naming file and line, exit 2', { timeout: 60_000 }, async () => {
  const good = JSON.stringify(syntheticDay({ user: 'user-1-0', trips: 1 })[0]);
  const results = await Promise.all([
    run('seed', '--from', file('broken.jsonl', `${good}\n{"user": "u"\n`)),
    run('seed', '--from', file('shape.jsonl', `${good}\n${good}\n{"user": 7}\n`)),
    run('seed', '--from', join(dir, 'nothing.jsonl')),
    run('seed', '--from', file('x.jsonl', good), '--batch', '0'),
  ]);
  expect(results.map(({ code, err }) => `${code} ${err.replaceAll(dir, '<dir>')}`)).toMatchInlineSnapshot(`
    [
      "2 tripstore: <dir>/broken.jsonl:2: not JSON: Expected ',' or '}' after property value in JSON at position 12 (line 1 column 13)",
      "2 tripstore: <dir>/shape.jsonl:3: "user" must be a string",
      "2 tripstore: --from: cannot read <dir>/nothing.jsonl",
      "2 tripstore: --batch: expected a positive integer, got "0"",
    ]
  `);
});

test('a port that is taken exits 2 naming it', { timeout: 60_000 }, async () => {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const { port } = taken.address() as AddressInfo;
  try {
    const result = await run('--port', String(port), '--pipeline-interval', '0');
    expect(`${result.code} ${result.err}`).toBe(
      `2 tripstore: --port ${port} --host 127.0.0.1: cannot listen there (EADDRINUSE)`,
    );
  } finally {
    taken.close();
  }
});
