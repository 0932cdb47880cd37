// What every started peer gives back.
import type { RunningProcess } from '../start-process.ts';

export interface Peer {
  /** Stops the peer's whole process group and removes its temp dir. */
  stop(): Promise<void>;
  /** The peer's output so far. */
  logs(maxLines?: number): string;
  process: RunningProcess;
}
