// Finds the binaries that test/setup/install-peers.sh installed, with one clear message when the
// installer has not run.
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The installer's cache of built tools (same default as install-peers.sh). */
export function peersDir(): string {
  return process.env.LOADLENS_PEERS_DIR ?? join(homedir(), '.cache', 'loadlens-peers');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Debian's PostgreSQL server binaries live outside PATH, one directory per major version. */
function postgresBinDirs(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((version) => /^\d+$/.test(version))
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => join('/usr/lib/postgresql', version, 'bin'));
  } catch {
    return [];
  }
}

const POSTGRES_TOOLS = new Set(['postgres', 'initdb', 'pg_ctl', 'psql', 'pg_isready', 'createdb']);

function candidates(name: string): string[] {
  const fromPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const dirs = [join(peersDir(), 'bin'), ...(POSTGRES_TOOLS.has(name) ? postgresBinDirs() : []), ...fromPath];
  return dirs.map((dir) => join(dir, name));
}

export class PeerMissingError extends Error {
  override name = 'PeerMissingError';
}

/** Whether `name` is installed (for optional checks; the smoke tests require every peer). */
export function hasPeer(name: string): boolean {
  return candidates(name).some(isExecutable);
}

/**
 * The path of an installed peer binary: the installer's cache first, then Debian's PostgreSQL
 * directory (preferred over other copies on PATH), then PATH.
 * @example const k6 = peerBinary('k6');
 */
export function peerBinary(name: string): string {
  const found = candidates(name).find(isExecutable);
  if (found) return found;
  throw new PeerMissingError(
    `peer binary '${name}' is not installed (looked in ${join(peersDir(), 'bin')} and PATH); ` +
      'run `bash test/setup/install-peers.sh` as root, or `npm run test:e2e`, which runs it first',
  );
}
