// The `tripstore` command line: serve (the default) or `seed`. Usage errors exit 2, an
// unreachable database exits 3, each as one line on stderr.
import { access } from 'node:fs/promises';
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { DatabaseUnreachable, UsageError } from './errors.ts';
import { parseFixed } from './fixes.ts';
import { DEFAULT_SEED_BATCH, SEED_CONNECTIONS, seedFromFile } from './seed.ts';
import { serve, serveWorker, workerOptions } from './serve.ts';
import { resolveServeOptions, type ServeFlags } from './serve-options.ts';
import { openStorage } from './storage/open-storage.ts';

export const USAGE = `usage:
  tripstore [--port P] [--host 127.0.0.1] [--db pglite|postgres://…|mongodb://…] [--data-dir DIR]
            [--fixed none|all|index,n-plus-one,serialize,pool,polling] [--pool N] [--workers N]
            [--pipeline-interval SECONDS] [--config deploy.yaml]
  tripstore seed --from data.jsonl [--db …] [--data-dir DIR] [--batch N] [--pipeline] [--fixed …]`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

function parse<T>(args: string[], options: ParseArgsOptionsConfig): T {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as T;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n${USAGE}`);
  }
}

const SERVE_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  fixed: { type: 'string' },
  pool: { type: 'string' },
  workers: { type: 'string' },
  'pipeline-interval': { type: 'string' },
  config: { type: 'string' },
} as const;

async function runSeed(args: string[], io: CliIo): Promise<number> {
  const flags = parse<{
    from?: string;
    db?: string;
    'data-dir'?: string;
    batch?: string;
    pipeline?: boolean;
    fixed?: string;
  }>(args, {
    from: { type: 'string' },
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    batch: { type: 'string' },
    pipeline: { type: 'boolean' },
    fixed: { type: 'string' },
  });
  if (!flags.from) throw new UsageError(`seed: --from data.jsonl is required\n${USAGE}`);
  const batch = Number(flags.batch ?? DEFAULT_SEED_BATCH);
  if (!Number.isInteger(batch) || batch < 1)
    throw new UsageError(`--batch: expected a positive integer, got "${flags.batch}"`);
  const fixed = parseFixed(flags.fixed ?? 'none');
  await access(flags.from).catch(() => {
    throw new UsageError(`--from: cannot read ${flags.from}`);
  });
  const store = await openStorage(flags.db ?? 'pglite', {
    // The pool bottleneck is about serving; seeding always gets its connections.
    fixed: new Set([...fixed, 'pool']),
    poolSize: SEED_CONNECTIONS,
    migrate: true,
    ...(flags['data-dir'] ? { dataDir: flags['data-dir'] } : {}),
  });
  try {
    const summary = await seedFromFile(store, flags.from, { batch, pipeline: flags.pipeline ?? false });
    io.out(
      `seeded ${summary.entries} entries for ${summary.users} users in ${summary.seconds.toFixed(2)} s (${summary.perSecond} entries/s)` +
        (summary.trips === undefined ? '' : `; pipeline found ${summary.trips} trips`),
    );
  } finally {
    await store.close();
  }
  return 0;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * Runs the command line; resolves with the exit code (a server resolves when it is stopped).
 * @example process.exitCode = await runCli(['--port', '8080', '--fixed', 'index']);
 */
export async function runCli(args: string[], io: CliIo = consoleIo): Promise<number> {
  try {
    const worker = workerOptions();
    if (worker) {
      const running = await serveWorker(worker);
      await untilSignal();
      await running.close();
      return 0;
    }
    if (args[0] === '--help' || args[0] === '-h') {
      io.out(USAGE);
      return 0;
    }
    if (args[0] === 'seed') return await runSeed(args.slice(1), io);
    const options = resolveServeOptions(parse<ServeFlags>(args, SERVE_FLAGS));
    const running = await serve(options);
    io.out(`listening on ${running.url}`);
    await untilSignal();
    await running.close();
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DatabaseUnreachable) {
      io.err(`tripstore: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
