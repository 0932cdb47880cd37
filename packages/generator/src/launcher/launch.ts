// The server launcher: starts a target from a deployment configuration in its own process group (with
// taskset/prlimit when asked), streams its output to a log file, waits until it is ready, and stops the
// whole group cleanly — SIGTERM, then SIGKILL after the stop timeout — on stop(), on failure, or at exit.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Deployment, parseDurationMs, RuntimeFailure } from '@loadlens/types';
import { commandLine, freePort, killGroup, portTaken } from './launch-command.ts';
import { probeOnce } from './probe-readiness.ts';

export interface LaunchedTarget {
  name: string;
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** Resolves when the target's process exits (by itself or after stop()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the target wrote (stdout and stderr), for error messages. */
  lastLines(): string[];
  /** Stops the process group: SIGTERM, then SIGKILL after the deployment's stop timeout. Idempotent. */
  stop(): Promise<void>;
}

/** Lines kept for "exited before ready" messages: enough for a stack trace's head. */
const TAIL_LINES = 20;
/** Readiness poll interval: fast enough that launches don't wait noticeably, cheap for the target. */
const PROBE_EVERY_MS = 100;

/**
 * Starts the deployment and resolves once it is ready; throws RuntimeFailure (exit 3) when it exits before
 * that (with its last log lines) or is not ready within `readiness.timeout`.
 * @example const target = await launch(deployment); try { await run(target.url) } finally { await target.stop() }
 */
export interface LaunchOptions {
  /** Where the target's output goes (default: the deployment's logFile, else a temp file). */
  logFile?: string;
}

export async function launch(deployment: Deployment, options: LaunchOptions = {}): Promise<LaunchedTarget> {
  const port = deployment.port === 0 ? await freePort(deployment.host) : deployment.port;
  if (deployment.port !== 0 && (await portTaken(deployment.host, port)))
    throw new RuntimeFailure(
      `deployment "${deployment.name}": port ${port} on ${deployment.host} is already in use (set port: 0 for a free one)`,
    );
  const argv = commandLine(deployment, port);
  const safeName = deployment.name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  const logFile =
    options.logFile ?? deployment.logFile ?? path.join(tmpdir(), `loadlens-${safeName}-${port}.log`);
  const log = createWriteStream(logFile, { flags: 'w' });
  const env: Record<string, string> = { PORT: String(port), HOST: deployment.host };
  for (const [key, value] of Object.entries(deployment.env))
    env[key] = value.replaceAll('{port}', String(port)).replaceAll('{host}', deployment.host);

  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: deployment.cwd ?? process.cwd(),
    env: { ...process.env, ...env },
    detached: true, // its own process group, so stop() reaches every process it starts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let partial = '';
  function onOutput(chunk: Buffer): void {
    log.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  }
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const lastLines = () => (partial === '' ? [...tail] : [...tail, partial]).slice(-TAIL_LINES);

  let spawnError: NodeJS.ErrnoException | undefined;
  let exitState: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      exitState = { code: null, signal: null };
      resolve(exitState);
    });
    child.once('exit', (code, signal) => {
      exitState = { code, signal };
      // Give the pipes a moment to deliver the last output before anyone reads lastLines().
      setTimeout(() => resolve(exitState as { code: number | null; signal: NodeJS.Signals | null }), 50);
    });
  });
  void exited.then(() => log.end());
  const pid = child.pid ?? 0;
  const killAtExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', killAtExit);

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async function stopGroup() {
      process.removeListener('exit', killAtExit);
      if (exitState === undefined && pid > 0) {
        killGroup(pid, 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), parseDurationMs(deployment.stopTimeout) as number);
        });
        if ((await Promise.race([exited, late])) === 'late') killGroup(pid, 'SIGKILL');
        clearTimeout(timer);
      }
      await exited;
      // The leader is gone; anything it left in the group goes too.
      if (pid > 0) killGroup(pid, 'SIGKILL');
    })();
    return stopping;
  }

  const host = deployment.host.includes(':') ? `[${deployment.host}]` : deployment.host;
  const target: LaunchedTarget = {
    name: deployment.name,
    url: `http://${host}:${port}`,
    port,
    pid,
    logFile,
    exited,
    lastLines,
    stop,
  };
  const timeoutMs = parseDurationMs(deployment.readiness.timeout) as number;
  const deadline = performance.now() + timeoutMs;
  const probe =
    deployment.readiness.http === undefined ? `TCP port ${port}` : `GET ${deployment.readiness.http}`;
  for (;;) {
    if (exitState !== undefined) {
      await exited;
      await stop();
      if (spawnError)
        throw new RuntimeFailure(
          `deployment "${deployment.name}": cannot start "${argv[0]}": ${spawnError.code ?? spawnError.message}`,
        );
      const how = exitState.signal ? `signal ${exitState.signal}` : `code ${exitState.code}`;
      const lines = lastLines().filter((l) => l.trim() !== '');
      throw new RuntimeFailure(
        `deployment "${deployment.name}": exited with ${how} before it was ready (log: ${logFile})${lines.length > 0 ? `; last lines:\n${lines.map((l) => `  ${l}`).join('\n')}` : ''}`,
      );
    }
    // Ready only if our process is still alive: another process on a fixed port would answer the probe too.
    if ((await probeOnce(deployment.host, port, deployment.readiness.http)) && exitState === undefined)
      return target;
    if (performance.now() > deadline) {
      await stop();
      throw new RuntimeFailure(
        `deployment "${deployment.name}": not ready within ${deployment.readiness.timeout} (${probe} on ${target.url}; log: ${logFile})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
}
