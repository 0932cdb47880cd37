// runPullRequest on two real checkouts of a small Node server (loopback, no database): each side is
// launched from the deployment file, traced through the preload, loaded and analyzed, and the head's
// slower route trips --fail-on.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFailOn } from '@loadlens/analyzer';
import { afterAll, describe, expect, it } from 'vitest';
import { runPullRequest } from './run-pull-request.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'loadlens-pr-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A checkout whose GET /slow waits `delayMs` before answering. */
function checkout(name: string, delayMs: number): string {
  const dir = path.join(scratch, name);
  mkdirSync(path.join(dir, 'loadlens'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pr-sample', private: true }));
  writeFileSync(
    path.join(dir, 'server.cjs'),
    `const http = require('node:http');
http.createServer((req, res) => {
  const wait = req.url === '/slow' ? ${delayMs} : 0;
  setTimeout(() => res.end('ok'), wait);
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
  );
  writeFileSync(
    path.join(dir, 'loadlens', 'deploy.yaml'),
    `name: pr-sample\ncommand: [${JSON.stringify(process.execPath)}, server.cjs]\ncwd: ..\nreadiness: { http: /fast }\n`,
  );
  writeFileSync(
    path.join(dir, 'loadlens', 'workload.yaml'),
    `name: pr-sample
duration: 3s
seed: 1
operations:
  - { name: fast, method: GET, path: /fast, rate: 8/s }
  - { name: slow, method: GET, path: /slow, rate: 8/s }
`,
  );
  return dir;
}

describe('runPullRequest', () => {
  it('measures both checkouts with the head’s files and fails on the slower route', async () => {
    const lines: string[] = [];
    const out = path.join(scratch, 'out');
    const { comparison, commentFile } = await runPullRequest({
      base: checkout('base', 1),
      head: checkout('head', 150),
      deploy: 'loadlens/deploy.yaml',
      workload: 'loadlens/workload.yaml',
      out,
      failOn: parseFailOn('p95:+100%'),
      thresholds: {},
      log: (line) => lines.push(line),
    });
    expect(comparison.failed).toBe(true);
    const slow = comparison.deltas.find((d) => d.kind === 'route' && d.key.endsWith('/slow'));
    expect(slow?.verdict).toBe('regression');
    const comment = readFileSync(commentFile, 'utf8');
    expect(comment).toContain('## loadlens: ❌ regression');
    expect(comment).toContain('/slow');
    for (const file of [
      'comparison.json',
      'report.html',
      'base/report.json',
      'head/run.json',
      'head/server.log',
    ])
      expect(existsSync(path.join(out, file)), file).toBe(true);
    // The preload ran inside the launched server: besides the proxy's one span per request, the server's own.
    const report = JSON.parse(readFileSync(path.join(out, 'head', 'report.json'), 'utf8'));
    expect(report.spanCount).toBeGreaterThan(1.5 * report.traceCount);
    expect(lines.some((line) => line.startsWith('base: starting "pr-sample"'))).toBe(true);
  }, 90_000);

  it('names a missing checkout in one line', async () => {
    await expect(
      runPullRequest({
        base: path.join(scratch, 'nowhere'),
        head: scratch,
        deploy: 'd.yaml',
        workload: 'w.yaml',
        out: path.join(scratch, 'x'),
        failOn: [],
        thresholds: {},
        log: () => {},
      }),
    ).rejects.toThrow(`--base ${path.join(scratch, 'nowhere')}: no such directory`);
  });
});
