// Server options from flags and a deployment config file (`--config deploy.yaml`); flags win.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './errors.ts';
import { type FixedSet, parseFixed } from './fixes.ts';
import { dbKind } from './storage/open-storage.ts';

export interface ServeOptions {
  port: number;
  host: string;
  db: string;
  dataDir?: string;
  fixed: FixedSet;
  /** Connections when the `pool` bottleneck is fixed. */
  poolSize: number;
  /** node:cluster workers; 1 runs a single process. */
  workers: number;
  /** Seconds between pipeline passes; 0 runs passes only on demand. */
  pipelineInterval: number;
}

/** node-postgres's default pool size (pg-pool `max: 10`), used when the pool fix is on. */
export const DEFAULT_POOL_SIZE = 10;
/** e-mission runs its intake pipeline from cron; a minute keeps a demo's timeline fresh. */
export const DEFAULT_PIPELINE_INTERVAL_S = 60;

/** Flags as parsed; every value is still text. */
export interface ServeFlags {
  port?: string;
  host?: string;
  db?: string;
  'data-dir'?: string;
  fixed?: string;
  pool?: string;
  workers?: string;
  'pipeline-interval'?: string;
  config?: string;
}

const CONFIG_KEYS = ['port', 'host', 'db', 'dataDir', 'fixed', 'pool', 'workers', 'pipelineInterval'];

function integer(value: unknown, name: string, min: number, max: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return number;
}

function readConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let config: unknown;
  try {
    config = parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new UsageError(`${path}: expected a mapping of ${CONFIG_KEYS.join(', ')}`);
  }
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key))
      throw new UsageError(`${path}: unknown key "${key}"; expected ${CONFIG_KEYS.join(', ')}`);
  }
  return config as Record<string, unknown>;
}

/**
 * Merges a config file and flags into options.
 * @example resolveServeOptions({ port: '8080', fixed: 'index' }).fixed // Set { 'index' }
 */
export function resolveServeOptions(flags: ServeFlags): ServeOptions {
  const file = flags.config ? readConfig(flags.config) : {};
  const where = (key: string) => (flags.config ? `${flags.config}: ${key}` : key);
  const pick = (flag: keyof ServeFlags, key: string) => flags[flag] ?? file[key];
  const fixedValue = pick('fixed', 'fixed') ?? 'none';
  if (
    typeof fixedValue !== 'string' &&
    !(Array.isArray(fixedValue) && fixedValue.every((n) => typeof n === 'string'))
  ) {
    throw new UsageError(`${where('fixed')}: expected none, all or a list of bottleneck names`);
  }
  const db = String(pick('db', 'db') ?? 'pglite');
  dbKind(db);
  const dataDir = pick('data-dir', 'dataDir');
  return {
    port: integer(pick('port', 'port') ?? 0, flags.port ? '--port' : where('port'), 0, 65535),
    host: String(pick('host', 'host') ?? '127.0.0.1'),
    db,
    ...(dataDir === undefined ? {} : { dataDir: String(dataDir) }),
    fixed: parseFixed(fixedValue, flags.fixed ? '--fixed' : where('fixed')),
    poolSize: integer(
      pick('pool', 'pool') ?? DEFAULT_POOL_SIZE,
      flags.pool ? '--pool' : where('pool'),
      1,
      1000,
    ),
    workers: integer(pick('workers', 'workers') ?? 1, flags.workers ? '--workers' : where('workers'), 1, 64),
    pipelineInterval: integer(
      pick('pipeline-interval', 'pipelineInterval') ?? DEFAULT_PIPELINE_INTERVAL_S,
      flags['pipeline-interval'] ? '--pipeline-interval' : where('pipelineInterval'),
      0,
      86_400,
    ),
  };
}
