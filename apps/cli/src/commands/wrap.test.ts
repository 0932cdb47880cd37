// `loadlens wrap` through the CLI dispatcher: bad flags exit 2 naming the flag, a server that cannot
// start exits 3, and a wrapped server that stops is reported. Real runs are in test/e2e/proxy*.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

describe('loadlens wrap', () => {
  it('exits 2 with one line naming the flag for bad input', async () => {
    expect(await run('wrap')).toMatchObject({
      code: 2,
      err: 'wrap: give --target http://host:port, or a command to start after -- (see loadlens wrap --help)',
    });
    expect(await run('wrap', '--target', 'http://127.0.0.1:1', '--sample', 'lots')).toMatchObject({
      code: 2,
      err: '--sample: expected a ratio between 0 and 1 like 0.1 or 10%, got "lots"',
    });
    expect(await run('wrap', '--target', 'http://127.0.0.1:1', '--jaeger-thrift', 'http://x')).toMatchObject({
      code: 2,
      err: 'unknown option --jaeger-thrift for "loadlens wrap" (see loadlens wrap --help)',
    });
  });

  it('exits 3 when the command after -- exits before listening, or cannot be started', async () => {
    const early = await run(
      'wrap',
      '--listen',
      '127.0.0.1:0',
      '--',
      process.execPath,
      '-e',
      'process.exit(4)',
    );
    expect(early.code).toBe(3);
    expect(early.err).toMatch(
      /^wrap: ".+ -e process\.exit\(4\)" exited \(code 4\) before listening on 127\.0\.0\.1:\d+$/,
    );
    const missing = await run('wrap', '--listen', '127.0.0.1:0', '--', 'no-such-command-loadlens');
    expect(missing).toMatchObject({
      code: 3,
      err: 'wrap: cannot start "no-such-command-loadlens": spawn no-such-command-loadlens ENOENT',
    });
  });

  it('exits 3 when the listen address is taken', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as { port: number }).port;
    try {
      expect(
        await run('wrap', '--target', 'http://127.0.0.1:1', '--listen', `127.0.0.1:${port}`),
      ).toMatchObject({
        code: 3,
        err: `--listen 127.0.0.1:${port}: cannot listen (EADDRINUSE)`,
      });
    } finally {
      taken.close();
    }
  });
});
