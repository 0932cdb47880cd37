// Kills the process groups recorded in a run directory's pid files: the last line of defence
// when a worker died before its peers' stop() ran.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Sends SIGKILL to every recorded process group; returns the names of the groups it killed. */
export function killRecordedGroups(dir: string): string[] {
  const pidsDir = join(dir, 'pids');
  let entries: string[];
  try {
    entries = readdirSync(pidsDir);
  } catch {
    return [];
  }
  const killed: string[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    const name = readFileSync(join(pidsDir, entry), 'utf8').trim();
    try {
      process.kill(-pid, 'SIGKILL');
      killed.push(`${name} (pgid ${pid})`);
    } catch {
      // ESRCH: the group is already gone.
    }
    rmSync(join(pidsDir, entry), { force: true });
  }
  return killed;
}
