// FerretDB v1 (a MongoDB-wire server) on 127.0.0.1, storing in SQLite files in a temp dir, or in
// a given PostgreSQL database.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port.ts';
import { peerBinary } from '../peer-binary.ts';
import { makePeerDir } from '../peer-dir.ts';
import { startProcess } from '../start-process.ts';
import type { Peer } from './peer.ts';

export interface FerretDbOptions {
  /** Use the PostgreSQL handler with this database URL instead of SQLite. */
  postgresUrl?: string;
  /** Send FerretDB's own traces to this OTLP/HTTP traces URL (`http://…/v1/traces`). */
  otelTracesUrl?: string;
}

export interface FerretDbPeer extends Peer {
  /** `mongodb://127.0.0.1:PORT/` */
  url: string;
  port: number;
}

/** Starts FerretDB and waits until its wire port accepts connections. */
export async function startFerretDb(options: FerretDbOptions = {}): Promise<FerretDbPeer> {
  const dir = makePeerDir('ferretdb');
  const sqliteDir = join(dir, 'sqlite');
  mkdirSync(sqliteDir);
  const [port, debugPort] = [await freePort(), await freePort()];
  const handlerArgs = options.postgresUrl
    ? ['--handler=postgresql', `--postgresql-url=${options.postgresUrl}`]
    : ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`];
  const args = [
    ...handlerArgs,
    `--listen-addr=127.0.0.1:${port}`,
    `--debug-addr=127.0.0.1:${debugPort}`,
    `--state-dir=${dir}`,
    // Telemetry would report to an outside host; the tests talk to loopback only.
    '--telemetry=disable',
    '--log-level=warn',
    ...(options.otelTracesUrl ? [`--otel-traces-url=${options.otelTracesUrl}`] : []),
  ];
  const server = await startProcess(peerBinary('ferretdb'), args, {
    name: 'ferretdb',
    ready: { tcp: port },
    cleanup: [dir],
  });
  return { url: `mongodb://127.0.0.1:${port}/`, port, stop: server.stop, logs: server.logs, process: server };
}
