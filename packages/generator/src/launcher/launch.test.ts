import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DeploymentInput, deploymentSchema } from '@loadlens/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type LaunchedTarget, launch } from './launch.ts';
import { loadDeployment } from './load-deployment.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-launch-'));
const node = process.execPath;

/** A small real server: logs, serves /health, optionally ignores SIGTERM or dies at start. */
const serverScript = path.join(dir, 'server.mjs');
writeFileSync(
  serverScript,
  `import http from 'node:http';
const mode = process.argv[2] ?? 'normal';
console.log('starting in mode', mode, 'on', process.env.PORT, 'env', process.env.GREETING);
if (mode === 'crash') { console.error('Error: cannot connect to database'); process.exit(4); }
if (mode === 'ignore-term') process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
if (mode === 'child') { const { spawn } = await import('node:child_process'); const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('child', c.pid); }
const server = http.createServer((req, res) => { res.writeHead(req.url === '/health' ? 200 : 404).end('ok'); });
if (mode !== 'never-listen') server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
else setInterval(() => {}, 1000);
`,
);

const started: LaunchedTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

function deployment(input: Partial<DeploymentInput>) {
  return deploymentSchema.parse({ name: 'test-server', command: [node, serverScript], ...input });
}

/** True while `pid` runs; a zombie (exited, not yet reaped by whoever inherited it) counts as gone. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('launch', () => {
  it('starts the target on a free port, waits for its HTTP probe, streams its log, and stops it', async () => {
    const logFile = path.join(dir, 'normal.log');
    const target = await launch(
      deployment({ env: { GREETING: 'hi-{port}' }, readiness: { http: '/health' }, logFile }),
    );
    started.push(target);
    expect(target.url).toBe(`http://127.0.0.1:${target.port}`);
    const response = await fetch(`${target.url}/health`);
    expect(response.status).toBe(200);
    await target.stop();
    expect(alive(target.pid)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toBe(
      `starting in mode normal on ${target.port} env hi-${target.port}\nlistening\n`,
    );
  });

  it('kills a target that ignores SIGTERM after the stop timeout, and every process of its group', async () => {
    const target = await launch(
      deployment({ command: [node, serverScript, 'ignore-term'], stopTimeout: '300ms' }),
    );
    started.push(target);
    const t0 = performance.now();
    await target.stop();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(alive(target.pid)).toBe(false);

    const parent = await launch(deployment({ command: [node, serverScript, 'child'] }));
    started.push(parent);
    const childPid = Number(/child (\d+)/.exec(parent.lastLines().join('\n'))?.[1]);
    expect(alive(childPid)).toBe(true);
    await parent.stop();
    // The group was signalled; a loaded machine may take a while to schedule the child's exit, so poll
    // (bounded at ~5 s) instead of one fixed 100 ms sleep.
    for (let i = 0; i < 250 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(childPid)).toBe(false);
  });

  it('fails with the last log lines when the target exits before it is ready', async () => {
    const error = await launch(
      deployment({ command: [node, serverScript, 'crash'], logFile: path.join(dir, 'crash.log') }),
    ).catch((e) => e);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      `deployment "test-server": exited with code 4 before it was ready (log: ${path.join(dir, 'crash.log')}); last lines:\n  starting in mode crash on ${/on (\d+)/.exec(error.message)?.[1]} env undefined\n  Error: cannot connect to database`,
    );
  });

  it('fails when the target is not ready in time, and leaves nothing running', async () => {
    const error = await launch(
      deployment({
        command: [node, serverScript, 'never-listen'],
        port: 0,
        readiness: { timeout: '500ms' },
        logFile: path.join(dir, 'slow.log'),
      }),
    ).catch((e) => e);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(
      /^deployment "test-server": not ready within 500ms \(TCP port \d+ on http:\/\/127\.0\.0\.1:\d+; log: .*slow\.log\)$/,
    );
  });

  it('refuses a fixed port something else already listens on', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const error = await launch(deployment({ port })).catch((e) => e);
      expect(error.exitCode).toBe(3);
      expect(error.message).toBe(
        `deployment "test-server": port ${port} on 127.0.0.1 is already in use (set port: 0 for a free one)`,
      );
    } finally {
      squatter.close();
    }
  });

  it('fails for a command that does not exist', async () => {
    const error = await launch(deployment({ command: 'no-such-binary-here --port {port}' })).catch((e) => e);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('deployment "test-server": cannot start "no-such-binary-here": ENOENT');
  });

  it('pins the target to a CPU with taskset and limits its memory with prlimit', async () => {
    const target = await launch(deployment({ cpus: '0', memoryMb: 1024, readiness: { http: '/health' } }));
    started.push(target);
    const status = readFileSync(`/proc/${target.pid}/status`, 'utf8');
    expect(/Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1]).toBe('0');
    const limits = readFileSync(`/proc/${target.pid}/limits`, 'utf8');
    expect(/Max data size\s+(\d+)/.exec(limits)?.[1]).toBe(String(1024 * 1024 * 1024));
  });
});

describe('loadDeployment', () => {
  it('reads YAML and resolves cwd against the file’s directory', async () => {
    const file = path.join(dir, 'deploy.yaml');
    writeFileSync(file, 'name: small\ncommand: node server.mjs\nreadiness: { http: /health }\n');
    expect(await loadDeployment(file)).toMatchObject({ name: 'small', cwd: dir, port: 0, host: '127.0.0.1' });
  });

  it('rejects malformed files with one line naming the file and place', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ncommand: node\ncpus: "all"\n');
    await expect(loadDeployment(bad)).rejects.toThrow(new RegExp(`^${bad}: cpus: `));
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: [x\n');
    await expect(loadDeployment(broken)).rejects.toThrow(new RegExp(`^${broken}:\\d+:\\d+: invalid YAML`));
    await expect(loadDeployment(path.join(dir, 'none.yaml'))).rejects.toThrow(
      'cannot read deployment file: no such file',
    );
    expect(existsSync(path.join(dir, 'none.yaml'))).toBe(false);
  });
});
