// Starts a real process in its own process group, captures its output, waits until it is ready
// and stops the whole group: the base every peer is built on.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pidFile } from './run-dir.ts';
import { waitForHttp, waitForTcp } from './wait-for.ts';

/** How to tell that a started process is ready. */
export type ReadyCheck =
  | { http: string; statuses?: readonly number[] }
  | { tcp: number; host?: string }
  | { log: RegExp }
  | ((signal: AbortSignal) => Promise<void>);

export interface StartProcessOptions {
  /** Name used in logs and errors (default: the command's base name). */
  name?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  ready?: ReadyCheck;
  /** Bound on the readiness wait (default 60 s). */
  readyTimeoutMs?: number;
  /** Signal sent to the group by stop() (default SIGTERM); SIGKILL follows after stopTimeoutMs. */
  stopSignal?: NodeJS.Signals;
  stopTimeoutMs?: number;
  /** Paths removed after the process has stopped (its temp dirs). */
  cleanup?: readonly string[];
}

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the group leader exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Output so far (stdout and stderr interleaved), the last `maxLines` lines. */
  logs(maxLines?: number): string;
  /** Stops the whole process group; safe to call twice. */
  stop(): Promise<void>;
}

/** Lines kept per process: enough for a failure, bounded for a chatty peer under load. */
const MAX_LOG_LINES = 5_000;

const live = new Set<RunningProcess>();
const stoppedSinceMark: RunningProcess[] = [];

/** Processes started in this worker that have not been stopped. */
export function liveProcesses(): RunningProcess[] {
  return [...live];
}

/** Processes stopped since the last call (the test-failure hook prints their logs too). */
export function takeRecentlyStopped(): RunningProcess[] {
  return stoppedSinceMark.splice(0);
}

/** Stops every process this worker started. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...live].map((running) => running.stop()));
}

process.on('exit', function killLeftoverGroups() {
  for (const running of live) {
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    // Killed: its pid file must not outlive it (the number may be reused).
    rmSync(pidFile(running.pid), { force: true });
  }
});

function createLogBuffer(name: string) {
  const lines: string[] = [];
  let partial = '';
  return {
    push(chunk: Buffer) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) lines.push(line);
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
    },
    text(maxLines = MAX_LOG_LINES) {
      const all = partial ? [...lines, partial] : lines;
      return all
        .slice(-maxLines)
        .map((line) => `[${name}] ${line}`)
        .join('\n');
    },
    matches(pattern: RegExp) {
      return lines.some((line) => pattern.test(line)) || pattern.test(partial);
    },
  };
}

async function waitUntilReady(
  ready: ReadyCheck,
  timeoutMs: number,
  signal: AbortSignal,
  logMatches: (pattern: RegExp) => boolean,
): Promise<void> {
  if (typeof ready === 'function') {
    const timeout = AbortSignal.timeout(timeoutMs);
    await Promise.race([
      ready(AbortSignal.any([signal, timeout])),
      once(timeout, 'abort').then(() => {
        throw new Error(`readiness check did not finish within ${timeoutMs} ms`);
      }),
    ]);
    return;
  }
  if ('http' in ready) {
    await waitForHttp(ready.http, { timeoutMs, signal, statuses: ready.statuses });
    return;
  }
  if ('tcp' in ready) {
    await waitForTcp(ready.tcp, { host: ready.host, timeoutMs, signal });
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (!logMatches(ready.log)) {
    if (signal.aborted) throw new Error(String(signal.reason));
    if (Date.now() > deadline) throw new Error(`no log line matched ${ready.log} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Starts `command` in its own process group and waits for `ready`; on failure the error carries
 * the process's last log lines.
 * @example const server = await startProcess('python3', ['-m', 'http.server', '8000', '-b', '127.0.0.1'], { ready: { tcp: 8000 } });
 */
export async function startProcess(
  command: string,
  args: readonly string[],
  options: StartProcessOptions = {},
): Promise<RunningProcess> {
  const name = options.name ?? command.split('/').pop() ?? command;
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const buffer = createLogBuffer(name);
  child.stdout?.on('data', buffer.push);
  child.stderr?.on('data', buffer.push);

  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  try {
    await spawned;
  } catch (error) {
    throw new Error(`could not start ${name} (${command}): ${(error as Error).message}`);
  }
  const pid = child.pid!;
  writeFileSync(pidFile(pid), name);

  let stopping: Promise<void> | undefined;
  const running: RunningProcess = {
    name,
    pid,
    exited,
    logs: buffer.text,
    stop() {
      stopping ??= stopGroup();
      return stopping;
    },
  };
  async function stopGroup(): Promise<void> {
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: nothing left in the group
      }
    };
    signalGroup(options.stopSignal ?? 'SIGTERM');
    const timeoutMs = options.stopTimeoutMs ?? 5_000;
    const leaderExited = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    // The leader may be gone while its children (workers, backends) are not: sweep the group.
    signalGroup('SIGKILL');
    if (!leaderExited) await Promise.race([exited, sleep(2_000)]);
    live.delete(running);
    stoppedSinceMark.push(running);
    try {
      unlinkSync(pidFile(pid));
    } catch {
      // the global teardown may have swept it already
    }
    for (const path of options.cleanup ?? []) rmSync(path, { recursive: true, force: true });
  }
  live.add(running);

  if (options.ready) {
    const exitedEarly = new AbortController();
    void exited.then(({ code, signal }) =>
      exitedEarly.abort(`${name} exited (code ${code}, signal ${signal}) before it was ready`),
    );
    try {
      await waitUntilReady(
        options.ready,
        options.readyTimeoutMs ?? 60_000,
        exitedEarly.signal,
        buffer.matches,
      );
    } catch (error) {
      await running.stop();
      throw new Error(
        `${name} did not become ready: ${(error as Error).message}\n--- last log lines of ${name} ---\n${running.logs(80)}`,
      );
    }
  }
  return running;
}
