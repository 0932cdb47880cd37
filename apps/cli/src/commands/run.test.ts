import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResultSchema } from '@loadlens/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

let dir: string;
let server: Server;
let target: string;

async function workloadFile(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-cli-run-'));
  // /slow answers after 30 ms; everything else at once.
  server = createServer((req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('slow'), 30);
    else res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('loadlens run', () => {
  it('exits 2 naming the file and the operation for an unknown scenario', async () => {
    const file = await workloadFile(
      'scenario.yaml',
      'name: s\nduration: 1s\noperations:\n  - { name: a, method: POST, path: /x, rate: 1/s, body: { scenario: nope.visit } }\n',
    );
    const { code, out, err } = await run('run', file, '--target', target, '--out', join(dir, 's.json'));
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: operation "a": unknown scenario "nope.visit" \\(known: `,
      ),
    );
    expect(err.split('\n')).toHaveLength(1);
  });

  it('runs the schedule, prints a summary per operation and writes run.json', async () => {
    const file = await workloadFile(
      'ok.yaml',
      'name: ok\nduration: 500ms\nslo: { p99: 5s }\noperations:\n  - { name: home, path: /, rate: 40/s }\n  - { name: post, method: POST, path: /p, rate: 20/s, body: { json: { a: 1 } } }\n',
    );
    const out = join(dir, 'ok.json');
    const { code, out: stdout } = await run(
      'run',
      file,
      '--target',
      target,
      '--out',
      out,
      '--label',
      'config=small',
      '--label=data=1M',
    );
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^operation\s+target\s+achieved\s+ok\s+errors\s+dropped\s+p50\s+p99\s+p99\.9\s+p99 uncorr\.$/,
    );
    expect(lines[1]).toMatch(/^home\s+40\/s\s+[\d.]+\/s\s+20\s+0\s+0\s/);
    expect(lines[2]).toMatch(/^post\s+20\/s\s+[\d.]+\/s\s+10\s+0\s+0\s/);
    expect(lines[3]).toBe(`wrote ${out}`);
    const result = runResultSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(result.labels).toEqual({ config: 'small', data: '1M' });
    expect(result.versions.loadlens).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.target).toBe(target);
  });

  it('exits 1 and names the failed check when the SLO fails', async () => {
    const file = await workloadFile(
      'slo.yaml',
      'name: slo\nduration: 300ms\nslo: { p99: 5ms }\noperations:\n  - { name: slow, path: /slow, rate: 20/s }\n',
    );
    const { code, err } = await run('run', file, '--target', target, '--out', join(dir, 'slo.json'));
    expect(code).toBe(1);
    expect(err).toMatch(/^SLO failed: slow p99Ms \d+(\.\d+)? > 5$/m);
  });

  it('exits 3 with one line when the target is unreachable, and writes nothing', async () => {
    const file = await workloadFile(
      'u.yaml',
      'name: u\nduration: 1s\noperations:\n  - { name: a, path: /, rate: 1/s }\n',
    );
    const result = await run('run', file, '--target', 'http://127.0.0.1:1', '--out', join(dir, 'u.json'));
    expect(result).toEqual({
      code: 3,
      out: '',
      err: 'target http://127.0.0.1:1 is unreachable: connection refused',
    });
  });

  it('exits 2 with one line for each bad flag or missing target', async () => {
    const file = await workloadFile(
      'b.yaml',
      'name: b\nduration: 1s\noperations:\n  - { name: a, path: /, rate: 1/s }\n',
    );
    const cases: [string[], string][] = [
      [[], 'no target: pass --target URL or set "target" in the workload'],
      [['--target', 'ftp://x'], '--target "ftp://x": expected an http(s) URL like http://127.0.0.1:8080'],
      [
        ['--target', target, '--trace-sample', '2'],
        '--trace-sample "2": expected a ratio between 0 and 1 like 0.1 or 10%',
      ],
      [['--target', target, '--connections', '0'], '--connections "0": expected an integer ≥ 1'],
      [['--target', target, '--duration', 'soon'], '--duration "soon": expected a duration like "30s"'],
      [['--target', target, '--label', 'oops'], '--label "oops": expected key=value'],
      [
        ['--target', target, '--metrics', '0.0.0.0:9464'],
        '--metrics 0.0.0.0:9464: expected 127.0.0.1:PORT (metrics are served on loopback only)',
      ],
    ];
    for (const [flags, message] of cases) {
      expect(await run('run', file, '--out', join(dir, 'b.json'), ...flags), flags.join(' ')).toEqual({
        code: 2,
        out: '',
        err: message,
      });
    }
  });
});
