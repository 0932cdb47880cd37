import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { spanFixture } from '@loadlens/analyzer/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../test/run-in-process.ts';

const head = spanFixture('trips-head.jsonl');
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadlens-analyze-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadlens analyze', () => {
  it('finds the N+1 in an OTLP JSON file and writes the JSON report with --out', async () => {
    const out = join(dir, 'report.json');
    const { code, out: text } = await run('analyze', head, '--out', out, '--top', '1');
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect([...lines.slice(0, 4), lines[5]].join('\n')).toBe(
      [
        `loadlens report — ${head}`,
        '80 traces, 400 spans, 2 routes, 3 query shapes, 1 findings',
        '',
        'Findings (by time a fix would save)',
        ' 1. CRITICAL N+1: 6 × the same query per request on GET /users/:id/trips',
      ].join('\n'),
    );
    // Between the heading and the first finding: how findings are ranked.
    expect(lines[4]).toMatch(/^ {2}Ranked by the time a fix would save over the run\./);
    const report = JSON.parse(await readFile(out, 'utf8'));
    // The other route's one query is most of its work but under 50 ms a request: not worth a finding.
    expect(report.findings.map((f: { kind: string }) => f.kind)).toEqual(['n-plus-one']);
    expect(report.queries[0]).toMatchObject({
      fingerprint: 'select * from points where trip_id = ? and lat > ?',
      count: 240,
    });
  });

  it('warns when no trace has a SERVER span (the HTTP server is not instrumented)', async () => {
    const noServer = join(dir, 'no-server.jsonl');
    await writeFile(noServer, (await readFile(head, 'utf8')).replaceAll('"kind":2', '"kind":1'));
    const { code, err } = await run('analyze', noServer);
    expect(code).toBe(0);
    expect(err).toBe(
      `warning: ${noServer}: no SERVER span in 80 trace(s), so requests cannot be told apart: routes, N+1s and stage shares below are per span, not per request. Instrument the HTTP server (or put \`loadlens wrap\` in front of it).`,
    );
    expect((await run('analyze', head)).err).toBe('');
  });

  it('takes detection thresholds: a lower slow-query bar flags the trip list query too', async () => {
    const kinds = async (...extra: string[]) =>
      JSON.parse((await run('analyze', head, '--format', 'json', ...extra)).out).findings.map(
        (f: { kind: string; fingerprint?: string }) => `${f.kind} ${f.fingerprint}`,
      );
    expect(await kinds()).not.toContain('slow-query select id from trips where user_id = ? and token = ?');
    expect(await kinds('--thresholds', 'slowQueryMs=3')).toContain(
      'slow-query select id from trips where user_id = ? and token = ?',
    );
  });

  it('prints JSON and Markdown with --format', async () => {
    const json = await run('analyze', head, '--format', 'json');
    expect(JSON.parse(json.out).schema).toBe('loadlens.report/v1');
    const md = await run(
      'analyze',
      head,
      '--format',
      'md',
      '--trace-url',
      'http://127.0.0.1:16686/trace/{traceId}',
    );
    expect(md.out).toMatch(/^## loadlens report\n\n\*\*1 findings\*\*/);
    expect(md.out).toContain('](http://127.0.0.1:16686/trace/');
  });

  it('joins a run result: capacity curve and knee from its phases, its labels on the report', async () => {
    const { craftRun, spread } = await import('@loadlens/run-stats/testing');
    const runFile = join(dir, 'run.json');
    const runResult = craftRun(
      [10, 20, 40, 80].map((rate, i) => ({ rate, latenciesMs: spread(100, 20, i === 3 ? 300 : 30 + i) })),
      20_000,
      { dataVolume: '1000' },
    );
    await writeFile(runFile, JSON.stringify(runResult));
    const { code, out } = await run('analyze', head, '--run', runFile, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.run).toMatchObject({ id: 'run-1', labels: { dataVolume: '1000' }, durationMs: 80_000 });
    expect(report.capacity.points.map((p: { offeredRate: number }) => p.offeredRate)).toEqual([
      10, 20, 40, 80,
    ]);
    expect(report.capacity.kneeRate).toBe(40);
  });

  it('finds a query that slows down with the stored data across runs given as run.json=spans', async () => {
    const { craftRun, spread } = await import('@loadlens/run-stats/testing');
    const { craftTrace } = await import('@loadlens/analyzer/testing');
    const { otlpJsonLine } = await import('@loadlens/analyzer/testing');
    async function runAt(volume: number, queryMs: number): Promise<string> {
      const lines = Array.from({ length: 20 }, (_, i) => {
        const t = craftTrace(i * 100);
        const root = t.server('GET', '/timeline/:day', { at: 0, ms: queryMs + 5 });
        t.pg(root, `SELECT * FROM entries WHERE user_id = ${i}`, { at: 2, ms: queryMs });
        return otlpJsonLine(t.spans());
      });
      const spansFile = join(dir, `spans-${volume}.jsonl`);
      const runFile = join(dir, `run-${volume}.json`);
      await writeFile(spansFile, `${lines.join('\n')}\n`);
      const result = craftRun([{ rate: 10, latenciesMs: spread(20, 5, 45) }], 10_000, {
        dataVolume: String(volume),
      });
      await writeFile(runFile, JSON.stringify(result));
      return `${runFile}=${spansFile}`;
    }
    const small = await runAt(1_000, 4);
    const [largeRun, largeSpans] = (await runAt(100_000, 40)).split('=') as [string, string];
    const { code, out } = await run(
      'analyze',
      largeSpans,
      '--run',
      largeRun,
      '--runs',
      small,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const finding = JSON.parse(out).findings.find((f: { kind: string }) => f.kind === 'data-growth');
    expect(finding).toMatchObject({
      title: 'Query slows down as stored data grows (4 → 40 ms p50) on GET /timeline/:day',
      fingerprint: 'select * from entries where user_id = ?',
    });
  });

  it('--format html writes one self-contained page with the findings and trace links', async () => {
    const { code, out } = await run(
      'analyze',
      head,
      '--format',
      'html',
      '--trace-url',
      'http://127.0.0.1:16686/trace/{traceId}',
    );
    expect(code).toBe(0);
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out).toContain('N+1');
    expect(out).toMatch(/127\.0\.0\.1:16686\/trace\/[0-9a-f]{32}/);
    expect(out).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('exits 2 with one line for bad input', async () => {
    expect(await run('analyze', join(dir, 'nope.jsonl'))).toMatchObject({
      code: 2,
      err: `${join(dir, 'nope.jsonl')}: no such file`,
    });
    expect(await run('analyze', head, '--format', 'pdf')).toMatchObject({
      code: 2,
      err: '--format "pdf": expected one of text, json, md, html',
    });
    expect(await run('analyze', head, '--top', '0')).toMatchObject({
      code: 2,
      err: '--top "0": expected an integer ≥ 1',
    });
    expect(await run('analyze', head, head)).toMatchObject({
      code: 2,
      err: `unexpected argument "${head}": analyze takes one span source`,
    });
    const badRun = join(dir, 'run.json');
    await writeFile(badRun, '{"schema": "loadlens.run/v1",\n "id": 3}');
    const r = await run('analyze', head, '--run', badRun);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`${badRun}: id: expected string, got 3`);
    const notReport = join(dir, 'other.json');
    await writeFile(notReport, '{"schema": "something"}');
    expect((await run('analyze', head, '--runs', `${notReport}=`)).err).toBe(
      `--runs: "${notReport}=": expected report.json or run.json=spans (a span file, store or jaeger: URL)`,
    );
    expect((await run('analyze', head, '--runs', notReport)).err).toBe(
      `${notReport}: schema: expected "loadlens.run/v1" (a run result) or "loadlens.report/v1" (a report), got "something"`,
    );
    expect((await run('analyze', head, '--thresholds', 'nPlusOne=3')).err).toMatch(
      /^--thresholds: unknown threshold "nPlusOne" \(known: nPlusOneMinRepeats, nPlusOneMinTotalMs, /,
    );
    expect(await run('analyze', head, '--thresholds', 'slowQueryMs=fast')).toMatchObject({
      code: 2,
      err: '--thresholds: slowQueryMs needs a number ≥ 0, got "fast"',
    });
    expect(await run('analyze', head, '--explain', 'not a url')).toMatchObject({
      code: 2,
      err: '--explain: not a URL: expected postgres://… or mongodb://…',
    });
    const unreachable = await run('analyze', head, '--explain', 'postgres://127.0.0.1:1/tripstore');
    expect(unreachable.code).toBe(3);
    expect(unreachable.err).toMatch(/^--explain: cannot connect to PostgreSQL: .*ECONNREFUSED/);
    expect((await run('analyze', head, '--explain', 'redis://127.0.0.1:6379')).err).toBe(
      '--explain: unsupported database "redis": expected postgres://… or mongodb://…',
    );
  });

  it('gives the same output under Deno as under Node', async () => {
    const exec = promisify(execFile);
    const bin = join(repo, 'node_modules/.bin');
    const cli = join(repo, 'apps/cli/bin/loadlens.js');
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' };
    const [deno, node] = await Promise.all([
      // In the repository the workspace packages resolve to their sources only under this condition.
      exec(
        join(bin, 'deno'),
        ['run', '-A', '--conditions=@loadlens/source', cli, 'analyze', head, '--top', '3'],
        {
          env,
          cwd: repo,
          timeout: 60_000,
        },
      ),
      exec(join(bin, 'node'), [cli, 'analyze', head, '--top', '3'], { env, cwd: repo, timeout: 60_000 }),
    ]);
    expect(deno.stdout).toContain('N+1: 6 × the same query per request');
    expect(deno.stdout).toBe(node.stdout);
  }, 90_000);
});
