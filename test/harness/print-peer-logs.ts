// vitest setup file for the e2e tier: prints the logs of the peers a failed test used, and stops
// whatever a test file left running.
import { afterAll, afterEach, beforeEach } from 'vitest';
import { liveProcesses, stopAllProcesses, takeRecentlyStopped } from './start-process.ts';

/** Per peer: enough to see why it failed without drowning the report. */
const LINES_PER_PEER = 200;

beforeEach(function forgetEarlierPeers() {
  takeRecentlyStopped();
});

afterEach(function printLogsOfFailedTest(context) {
  if (context.task.result?.state !== 'fail') return;
  const peers = [...liveProcesses(), ...takeRecentlyStopped()];
  for (const peer of peers) {
    console.error(`--- logs of ${peer.name} (pid ${peer.pid}) for failed test "${context.task.name}" ---`);
    console.error(peer.logs(LINES_PER_PEER) || `[${peer.name}] (no output)`);
  }
});

afterAll(async function stopLeftoverPeers() {
  await stopAllProcesses();
});
