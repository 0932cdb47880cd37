// The resource-sampling source for the target: the process wrap started, or — for `--target` servers
// wrap did not start — the process listening on the target's port.
import { existsSync } from 'node:fs';
import { pidListeningOn } from './proc-stats.ts';
import type { SampledSource } from './resource-sampler.ts';

/** Finding a pid by its listening socket reads every process's descriptors: at most this often. */
const LOOKUP_INTERVAL_MS = 10_000;

/**
 * The `target` source: `startedPid()` when wrap started the server, else the pid listening on `port`.
 * @example targetSource(() => launched?.pid, 8080)
 */
export function targetSource(startedPid: () => number | undefined, port: number): SampledSource {
  let listeningPid: number | undefined;
  let lastLookupMs = Number.NEGATIVE_INFINITY;
  return {
    source: 'target',
    roots: function targetRoots() {
      const started = startedPid();
      if (started !== undefined) return [started];
      // Looked up again when the process is gone (the server was restarted).
      if (listeningPid !== undefined && !existsSync(`/proc/${listeningPid}`)) listeningPid = undefined;
      if (listeningPid === undefined && Date.now() - lastLookupMs >= LOOKUP_INTERVAL_MS) {
        lastLookupMs = Date.now();
        listeningPid = pidListeningOn(port);
      }
      return listeningPid === undefined ? [] : [listeningPid];
    },
  };
}
