// launchTarget with a real child process on loopback: readiness by TCP, output to a log file, group stop.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchTarget } from './target-launcher.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('launchTarget', () => {
  it('appends the command’s stdout and stderr to the log file instead of wrap’s own output', async () => {
    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'wrap-log-')), 'target.log');
    const port = await freePort();
    const script = `
      console.log('listening on ' + process.env.PORT);
      console.error('a warning on stderr');
      require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');`;
    const target = await launchTarget({
      command: ['/bin/sh', '-c', `exec "${process.execPath}" -e "$0"`, script],
      host: '127.0.0.1',
      port,
      env: {},
      readyTimeoutMs: 20_000,
      logFile,
    });
    await target.stop(5_000);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain(`listening on ${port}`);
    expect(log).toContain('a warning on stderr');
  });
});
