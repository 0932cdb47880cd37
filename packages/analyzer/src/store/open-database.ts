// Opens (or creates) the DuckDB file behind a store and turns DuckDB's failures into one-line causes:
// a file another process holds, or one that is not a DuckDB database, is the user's to fix (exit 2).
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { InputError } from '@loadlens/types';
import { CREATE_METRICS, CREATE_SCOPES, CREATE_TRACES_RAW, CREATE_TRACES_VIEW } from './schema.ts';

export interface Database {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

function explain(file: string, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  if (/could not set lock|conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new InputError(
      `${file}: the span store is in use by another process${pid ? ` (PID ${pid})` : ''}; stop that collector or open a copy`,
      { cause: error },
    );
  }
  const firstLine = message.split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '');
  return new InputError(`${file}: not a readable span store (${firstLine})`, { cause: error });
}

/**
 * Opens `file`; `readOnly` for analysis (no tables created). DuckDB's own threads are capped at
 * `threads` so the collector leaves the core to the HTTP side (defaults to DuckDB's choice).
 * @example const db = await openDatabase('run.db', { readOnly: false, threads: 1 })
 */
export async function openDatabase(
  file: string,
  options: { readOnly: boolean; threads?: number },
): Promise<Database> {
  const config: Record<string, string> = { access_mode: options.readOnly ? 'READ_ONLY' : 'READ_WRITE' };
  if (options.threads !== undefined) config.threads = String(options.threads);
  // A writer folds its write-ahead log into the file when ingest goes quiet (span-store.ts), not every
  // 16 MB of WAL (DuckDB's default): that checkpoint compresses whole row groups and cost ≈ 15 % of the
  // collector's CPU in the middle of a load run. 1 GB still bounds the log of a run that never pauses.
  if (!options.readOnly) config.checkpoint_threshold = '1GB';
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(file, config);
    connection = await instance.connect();
    if (!options.readOnly) {
      await connection.run(CREATE_SCOPES);
      await connection.run(CREATE_TRACES_RAW);
      await connection.run(CREATE_TRACES_VIEW);
      await connection.run(CREATE_METRICS);
    }
  } catch (error) {
    throw explain(file, error);
  }
  return {
    instance,
    connection,
    close: function closeDatabase() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
