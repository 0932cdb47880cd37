// `npm run test:e2e`: installs the real peers (idempotent, cached), runs the e2e vitest project
// under a time bound, and kills every peer process group it left, whatever happened.
// Arguments are passed to vitest (e.g. `npm run test:e2e -- postgres`).
// LOADLENS_SKIP_PEER_INSTALL=1 skips the installer; LOADLENS_E2E_TIMEOUT_S bounds the test run.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { killRecordedGroups } from '../test/harness/kill-groups.ts';

const root = resolve(import.meta.dirname, '..');
const INSTALL_TIMEOUT_S = 60 * 60;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this runner, which turbo does not run
const testTimeoutS = Number(process.env.LOADLENS_E2E_TIMEOUT_S ?? 30 * 60);

function elapsed(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}

/** Runs a child in its own process group; kills the group on timeout or when we are interrupted. */
function runBounded(
  command: string,
  args: string[],
  timeoutS: number,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((done) => {
    const child: ChildProcess = spawn(command, args, { cwd: root, env, stdio: 'inherit', detached: true });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const onSignal = (signal: NodeJS.Signals) => killGroup(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const timer = setTimeout(function killOnTimeout() {
      console.error(`test-e2e: ${command} ran past ${timeoutS}s; stopping it`);
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 10_000).unref();
    }, timeoutS * 1000);
    child.once('error', (error) => {
      console.error(`test-e2e: could not start ${command}: ${error.message}`);
      done(1);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Whatever the child left in its group (a browser, a server it spawned) goes too.
      killGroup('SIGKILL');
      done(code ?? (signal ? 128 : 1));
    });
  });
}

interface JsonResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  success: boolean;
}

async function main(): Promise<number> {
  const env = { ...process.env };
  if (env.LOADLENS_SKIP_PEER_INSTALL !== '1') {
    const startedAt = Date.now();
    const code = await runBounded('bash', ['test/setup/install-peers.sh'], INSTALL_TIMEOUT_S, env);
    console.log(`test-e2e: peer install finished in ${elapsed(startedAt)} (exit ${code})`);
    if (code !== 0) return code;
  }
  const peersBin = join(env.LOADLENS_PEERS_DIR ?? join(homedir(), '.cache', 'loadlens-peers'), 'bin');
  env.PATH = `${peersBin}${delimiter}${env.PATH ?? ''}`;
  // Under /tmp and world-traversable: PostgreSQL runs as `postgres` when we are root.
  const runDir = mkdtempSync(join(tmpdir(), 'loadlens-e2e-'));
  chmodSync(runDir, 0o755);
  env.LOADLENS_E2E_RUN_DIR = runDir;
  const resultsFile = join(runDir, 'results.json');
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const startedAt = Date.now();
  const args = [
    vitest,
    'run',
    '--config',
    'test/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ];
  let code: number;
  try {
    code = await runBounded(process.execPath, args, testTimeoutS, env);
    console.log(`test-e2e: e2e tests finished in ${elapsed(startedAt)} (exit ${code})`);
    if (existsSync(resultsFile)) {
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JsonResults;
      const skipped = results.numPendingTests + results.numTodoTests;
      console.log(
        `e2e: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
      );
    }
  } finally {
    const killed = killRecordedGroups(runDir);
    if (killed.length > 0) console.error(`test-e2e: killed leftover peers: ${killed.join(', ')}`);
    rmSync(runDir, { recursive: true, force: true });
  }
  return code;
}

process.exitCode = await main();
