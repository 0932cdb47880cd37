// The launcher's process plumbing: a free port, the wrapped command line, and signalling a process group.
import { createServer } from 'node:net';
import type { Deployment } from '@loadlens/types';

/** A port the OS considers free on `host` right now. */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The argv to spawn: taskset/prlimit wrappers, then the command with `{port}`/`{host}` filled. */
export function commandLine(deployment: Deployment, port: number): string[] {
  const fill = (s: string) => s.replaceAll('{port}', String(port)).replaceAll('{host}', deployment.host);
  const base =
    typeof deployment.command === 'string' ? deployment.command.trim().split(/\s+/) : deployment.command;
  const prefix: string[] = [];
  if (deployment.cpus !== undefined) prefix.push('taskset', '-c', deployment.cpus);
  // RLIMIT_DATA, not RLIMIT_AS: V8 reserves gigabytes of address space up front (pointer-compression cage,
  // code range), so an address-space limit kills Node at start; the data limit counts memory actually
  // writable. Node itself needs ~600 MB under this limit to start (measured with Node 24 here).
  if (deployment.memoryMb !== undefined)
    prefix.push('prlimit', `--data=${deployment.memoryMb * 1024 * 1024}`, '--');
  return [...prefix, ...base.map(fill)];
}

/** Signals every process of the group led by `pid`; a group already gone is fine. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** True when something already listens on `host:port` (a fixed port must be ours, or the probe would lie). */
export async function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}
