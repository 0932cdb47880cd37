import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';
import { main } from '../main.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-launch-cli-'));
writeFileSync(
  path.join(dir, 'server.mjs'),
  `import http from 'node:http';
if (process.argv[2] === 'crash') { console.error('boom: missing DATABASE_URL'); process.exit(1); }
http.createServer((req, res) => {
  if (process.argv[2] === 'short' && req.url === '/quit') { console.log('bye'); process.exit(0); }
  res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
);

function deployFile(name: string, args: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}\ncommand: ${JSON.stringify(`${process.execPath} server.mjs ${args}`)}\nstopTimeout: 2s\n`,
  );
  return file;
}

describe('loadlens launch', () => {
  it('runs the target until SIGINT, then stops it and exits 0', async () => {
    const out: string[] = [];
    const code = await main(['launch', deployFile('ok', '')], {
      out: (t) => {
        out.push(t);
        // Once the target is ready the command waits for a signal: send it the way a terminal would.
        if (t.includes('ready at')) setTimeout(() => process.emit('SIGINT'), 50);
      },
      err: (t) => out.push(t),
    });
    const result = { code, out: out.join('\n') };
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^deployment "ok" ready at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, log .+\); Ctrl-C stops it\ndeployment "ok" stopped$/,
    );
  });

  it('exits 3 with the last log lines when the target dies before or after it is ready', async () => {
    const crash = await run('launch', deployFile('crash', 'crash'));
    expect(crash.code).toBe(3);
    expect(crash.err).toMatch(
      /^deployment "crash": exited with code 1 before it was ready \(log: .+\); last lines:\n {2}boom: missing DATABASE_URL$/,
    );
    // The short-lived target quits when asked, once it was reported ready: a fixed lifetime raced the
    // readiness probe on a busy machine and made it die "before it was ready".
    const err: string[] = [];
    const code = await main(['launch', deployFile('short', 'short')], {
      out: (t) => {
        const url = /ready at (\S+)/.exec(t)?.[1];
        if (url) void fetch(`${url}/quit`).catch(() => {});
      },
      err: (t) => err.push(t),
    });
    expect(code).toBe(3);
    expect(err.join('\n')).toMatch(
      /^deployment "short": exited with code 0 \(log: .+\); last lines:\n {2}bye$/,
    );
  });

  it('exits 2 naming a bad deployment file', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\n');
    expect(await run('launch', bad)).toMatchObject({
      code: 2,
      err: expect.stringMatching(new RegExp(`^${bad}: command: `)),
    });
    expect(await run('launch', path.join(dir, 'deploy.toml'))).toMatchObject({
      code: 2,
      err: `${path.join(dir, 'deploy.toml')}: unknown deployment file type ".toml": expected .yaml, .yml or .json`,
    });
  });
});
