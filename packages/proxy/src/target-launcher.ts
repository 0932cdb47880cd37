// Starts the server under test for `wrap -- cmd args…`: in its own process group, with a port passed
// as `PORT` and as `{port}` in its arguments, the preload in NODE_OPTIONS when it is a Node command,
// and waits until it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeFailure } from '@loadlens/types';

/** The `--require` preload that starts OpenTelemetry inside a Node server. */
export const PRELOAD_PATH = fileURLToPath(new URL('../preload/register.cjs', import.meta.url));

// Commands whose Node processes should get the preload: node itself and the launchers that start it.
const NODE_COMMANDS = /^(node|nodejs|node\d+|npm|npx|pnpm|yarn|tsx)$/;

export function isNodeCommand(command: string): boolean {
  return NODE_COMMANDS.test(basename(command));
}

export interface LaunchOptions {
  command: readonly string[];
  host: string;
  port: number;
  /** Extra environment (side URL, token, sampling, service name, OTLP endpoint). */
  env: NodeJS.ProcessEnv;
  readyTimeoutMs: number;
  /** File the command's stdout and stderr are appended to; without it they go to wrap's own. */
  logFile?: string;
}

export interface LaunchedTarget {
  pid: number;
  preloaded: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/** NODE_OPTIONS with the preload added; the path is quoted as NODE_OPTIONS allows. */
export function withPreload(nodeOptions: string | undefined): string {
  return `${nodeOptions ? `${nodeOptions} ` : ''}--require "${PRELOAD_PATH.replace(/(["\\])/g, '\\$1')}"`;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns the command and resolves once it accepts TCP connections on host:port.
 * @example await launchTarget({ command: ['node', 'server.js', '--port', '{port}'], host: '127.0.0.1', port, env: {}, readyTimeoutMs: 30_000 })
 */
export async function launchTarget(options: LaunchOptions): Promise<LaunchedTarget> {
  const [command, ...args] = options.command.map((a) => a.replaceAll('{port}', String(options.port)));
  if (command === undefined) throw new RuntimeFailure('wrap: no command after --');
  const preloaded = isNodeCommand(command);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(options.port) };
  if (preloaded) env.NODE_OPTIONS = withPreload(env.NODE_OPTIONS);
  const log = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const output = log ?? 'inherit';
  const child = spawn(command, args, { env, stdio: ['ignore', output, output], detached: true });
  // The child holds its own copy of the descriptor; wrap's is not needed once it is spawned.
  if (log !== undefined) closeSync(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited.then((e) => {
    exitedEarly = e;
  });

  const deadline = Date.now() + options.readyTimeoutMs;
  while (!(await canConnect(options.host, options.port))) {
    if (exitedEarly) {
      const error = await Promise.race([spawnError, Promise.resolve(undefined)]);
      throw new RuntimeFailure(
        error
          ? `wrap: cannot start "${command}": ${error.message}`
          : `wrap: "${options.command.join(' ')}" exited (code ${exitedEarly.code ?? exitedEarly.signal}) before listening on ${options.host}:${options.port}`,
      );
    }
    if (Date.now() > deadline) {
      signalGroup(child, 'SIGKILL');
      throw new RuntimeFailure(
        `wrap: "${options.command.join(' ')}" did not listen on ${options.host}:${options.port} within ${options.readyTimeoutMs} ms (does it read PORT or {port}?)`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  async function stop(graceMs: number): Promise<void> {
    if (exitedEarly) return;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  return { pid: child.pid as number, preloaded, exited, stop };
}
