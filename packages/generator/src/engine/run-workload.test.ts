import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResultSchema } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { runWorkload } from './run-workload.ts';
import { fakeRequestSource, testWorkload, useFakeServers } from './test-fakes.ts';

const server = useFakeServers();

describe('runWorkload', () => {
  it('writes a valid run.json with phases, totals, histograms and SLO checks', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const out = join(await mkdtemp(join(tmpdir(), 'loadlens-run-')), 'run.json');
    const workload = testWorkload({
      stages: [
        { duration: '300ms', scale: 1, name: 'warm' },
        { duration: '300ms', scale: 2, name: 'peak' },
      ],
      startScale: 1,
      slo: { p99: '5s', errors: '1%' },
      operations: [{ name: 'a', path: '/', rate: '100/s' }],
    });
    const { result } = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      out,
      labels: { config: 'small' },
    });
    const written = runResultSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(written.id).toBe(result.id);
    expect(written.partial).toBe(false);
    expect(written.phases.map((p) => [p.name, p.operations[0]!.ok])).toEqual([
      ['warm', 30],
      ['peak', 45], // ramp 100 → 200/s over 0.3 s: 0.3 × 150
    ]);
    expect(written.operations[0]!.ok).toBe(75);
    expect(written.operations[0]!.latencyMs.corrected.count).toBe(75);
    expect(written.operations[0]!.histograms.corrected.length).toBeGreaterThan(10);
    expect(written.slo?.passed).toBe(true);
    expect(written.slo?.checks.map((c) => c.metric)).toEqual(['p99Ms', 'errorRate']);
    expect(written.labels).toEqual({ config: 'small' });
  });

  it('gives a completed schedule its full duration in the achieved rate, even when it ends early', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const workload = testWorkload({ duration: '2s', operations: [{ name: 'a', path: '/', rate: '1/s' }] });
    // Arrivals at 0 s and 1 s: the run is over soon after 1 s, but it covered 2 s of schedule.
    const { result } = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
    });
    expect(result.operations[0]!.ok).toBe(2);
    expect(result.operations[0]!.achievedRate).toBe(1);
    expect(result.phases[0]!.operations[0]!.achievedRate).toBe(1);
  });

  it('stops on abort (what SIGINT does) and still returns the partial result', async () => {
    const abort = new AbortController();
    // Aborted once the server has answered 10 requests, not at a fixed time from the test's start: on a
    // busy machine the probe and warm-up could take most of such a delay.
    const s = await server((_req, res, fake) => {
      res.end('ok');
      if (fake.requests === 10) abort.abort();
    });
    const workload = testWorkload({ duration: '20s', operations: [{ name: 'a', path: '/', rate: '50/s' }] });
    const { result } = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      signal: abort.signal,
    });
    expect(result.partial).toBe(true);
    expect(result.stopReason).toBe('interrupted');
    // The 10 answered requests complete within the stop's grace; none are sent after the abort.
    expect(result.operations[0]!.ok).toBeGreaterThanOrEqual(10);
    expect(result.operations[0]!.ok).toBeLessThan(100);
    expect(result.phases[0]!.endMs).toBeLessThan(2000);
  });

  it('stops with target-died when the target goes away mid-run', async () => {
    // The target goes away after answering 10 requests (a fixed delay from the test's start could fall
    // before the probe on a busy machine, failing the run as unreachable).
    const s = await server((_req, res, fake) => {
      res.end('ok');
      if (fake.requests === 10) void fake.close();
    });
    const workload = testWorkload({ duration: '20s', operations: [{ name: 'a', path: '/', rate: '50/s' }] });
    const { result } = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      deadTargetMs: 300,
    });
    expect(result.partial).toBe(true);
    expect(result.stopReason).toBe('target-died');
    expect(result.stopDetail).toMatch(/^connections to http:\/\/127\.0\.0\.1:\d+ refused for \d s$/);
    expect(result.operations[0]!.errors.refused).toBeGreaterThanOrEqual(5);
  });

  it('serves Prometheus metrics with the dashboard names during the run', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const workload = testWorkload({
      duration: '20s',
      operations: [{ name: 'visit', path: '/', rate: '50/s' }],
    });
    const completed = /loadlens_load_completed_total\{operation="visit",status_class="2xx"\} [1-9]\d*\n/;
    let scraped = '';
    const abort = new AbortController();
    await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      metrics: '127.0.0.1:0',
      signal: abort.signal,
      // Scraped until a completed request shows (bounded), then the run is ended: a scrape on a timer raced
      // the end of a short run, which closes the endpoint.
      onMetrics: (url) => {
        void (async () => {
          try {
            for (let i = 0; i < 200 && !completed.test(scraped); i++) {
              if (i > 0) await new Promise((r) => setTimeout(r, 20));
              scraped = await (await fetch(url)).text();
            }
          } finally {
            abort.abort();
          }
        })();
      },
    });
    const names = new Set(
      scraped
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .map((l) => l.replace(/\{.*$/, '')),
    );
    expect([...names].filter(Boolean).sort()).toEqual([
      'loadlens_load_completed_total',
      'loadlens_load_dropped_total',
      'loadlens_load_errors_total',
      'loadlens_load_in_flight',
      'loadlens_load_latency_seconds_bucket',
      'loadlens_load_latency_seconds_count',
      'loadlens_load_latency_seconds_sum',
      'loadlens_load_scheduled_total',
      'loadlens_load_sent_total',
      'loadlens_load_target_rate',
    ]);
    expect(scraped).toContain('loadlens_load_target_rate{operation="visit"} 50\n');
    expect(scraped).toMatch(completed);
    expect(scraped).toMatch(
      /loadlens_load_latency_seconds_bucket\{operation="visit",measure="uncorrected",le="\+Inf"\} \d+\n/,
    );
    expect(scraped).toContain('loadlens_load_errors_total{operation="visit",class="http5xx"} 0\n');
  });

  it('folds resource samples from the wrap side port into run.json and tolerates it failing', async () => {
    let calls = 0;
    const side = await server((req, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(500).end();
      expect(req.url).toMatch(/^\/resources\?since=\d+$/);
      res.end(JSON.stringify([{ timeMs: Date.now(), source: 'target', cpuPercent: 12.5, rssBytes: 1e8 }]));
    });
    const s = await server((_req, res) => res.end('ok'));
    const workload = testWorkload({
      duration: '200ms',
      operations: [{ name: 'a', path: '/', rate: '10/s' }],
    });
    const first = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      resources: `${side.url}/resources`,
    });
    expect(first.resourceFailures).toBe(1);
    const second = await runWorkload({
      workload,
      target: new URL(s.url),
      requests: fakeRequestSource(workload),
      resources: `${side.url}/resources`,
    });
    expect(second.result.resources).toEqual([
      expect.objectContaining({ source: 'target', cpuPercent: 12.5 }),
    ]);
  });

  it('exits with a one-line RuntimeFailure when the target is unreachable', async () => {
    const workload = testWorkload({ duration: '1s', operations: [{ name: 'a', path: '/', rate: '10/s' }] });
    await expect(
      runWorkload({ workload, target: new URL('http://127.0.0.1:1'), requests: fakeRequestSource(workload) }),
    ).rejects.toThrow('target http://127.0.0.1:1 is unreachable: connection refused');
  });
});
