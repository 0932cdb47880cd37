// A throwaway PostgreSQL cluster (Debian's binaries): initdb in a temp dir, 127.0.0.1 on a free
// port, trust auth, fsync off. PostgreSQL refuses to run as root, so as root (CI) it runs as the
// `postgres` user that the Debian package creates.
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../free-port.ts';
import { peerBinary } from '../peer-binary.ts';
import { makePeerDir } from '../peer-dir.ts';
import { startProcess } from '../start-process.ts';
import type { Peer } from './peer.ts';

const run = promisify(execFile);

export interface PostgresOptions {
  /** Extra server settings, passed as `-c key=value`. */
  settings?: Record<string, string | number>;
}

export interface PostgresPeer extends Peer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
}

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

/** The Debian package's `postgres` user, read from /etc/passwd: its ids differ between images. */
function postgresUserIds(): { uid: number; gid: number } {
  for (const entry of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [name, , uid, gid] = entry.split(':');
    if (name === 'postgres') return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error(
    'running as root but there is no `postgres` user: is the Debian postgresql package installed?',
  );
}

/** Starts a fresh cluster and waits until it accepts connections. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresPeer> {
  const dir = makePeerDir('postgres');
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUserIds();
    chownSync(dir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  const [initCommand, initArgs] = asPostgresUser(peerBinary('initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  try {
    await run(initCommand, initArgs, { timeout: 60_000 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`initdb failed: ${(error as Error).message}\n${stdout}\n${stderr}`);
  }

  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: socketDir,
    // A throwaway cluster: durability only costs time here.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    ...options.settings,
  };
  const args = [
    '-D',
    dataDir,
    ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  const [command, commandArgs] = asPostgresUser(peerBinary('postgres'), args);
  const server = await startProcess(command, commandArgs, {
    name: 'postgres',
    ready: { log: /database system is ready to accept connections/ },
    readyTimeoutMs: 60_000,
    // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM would wait for clients to disconnect.
    stopSignal: 'SIGINT',
    cleanup: [dir],
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: server.stop,
    logs: server.logs,
    process: server,
  };
}
