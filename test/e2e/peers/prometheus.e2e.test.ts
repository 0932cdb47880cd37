// Prometheus peer: scrapes a loopback /metrics target and answers PromQL over its HTTP API.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  type LoopbackServer,
  type PrometheusPeer,
  startLoopbackServer,
  startPeer,
} from '../../harness/index.ts';

let target: LoopbackServer;
let prometheus: PrometheusPeer;

beforeAll(async () => {
  target = await startLoopbackServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      '# TYPE loadlens_smoke_requests_total counter\nloadlens_smoke_requests_total{route="/trips"} 21\n',
    );
  });
  prometheus = await startPeer('prometheus', { targets: [target.hostPort] });
});

afterAll(async () => {
  await prometheus?.stop();
  await target?.close();
});

interface QueryResponse {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function query(promql: string): Promise<QueryResponse['data']['result']> {
  const response = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  const body = (await response.json()) as QueryResponse;
  expect(body.status).toBe('success');
  return body.data.result;
}

test('a scraped counter is answered through PromQL', async () => {
  // Scrape interval is 1 s; allow a bounded wait for the first scrape.
  const deadline = Date.now() + 30_000;
  let result = await query('loadlens_smoke_requests_total * 2');
  while (result.length === 0 && Date.now() < deadline) {
    await sleep(250);
    result = await query('loadlens_smoke_requests_total * 2');
  }
  expect(result).toHaveLength(1);
  expect(result[0]?.metric).toMatchObject({ job: 'loadlens', route: '/trips', instance: target.hostPort });
  expect(result[0]?.value[1]).toBe('42');
  const up = await query('up{job="loadlens"}');
  expect(up[0]?.value[1]).toBe('1');
});
