// The in-process aggregator's stage times, fed spans as the tracer hands them over when they end:
// a request's self time by stage, and what happens to spans whose request never ends in the aggregator's
// view (work left running after the response) — they are dropped in bulk, never at a request's expense.
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedSpan } from './recorded-span.ts';

const require = createRequire(import.meta.url);
/** What the aggregator reads of a recorded span; its local root is any object it can keep records on. */
type EndedSpan = Pick<
  RecordedSpan,
  | 'name'
  | 'kind'
  | 'traceId'
  | 'spanId'
  | 'parentSpanId'
  | 'parentIsRemote'
  | 'startMs'
  | 'endMs'
  | 'attributes'
  | 'status'
> & { localRoot: EndedSpan | { localRecords?: unknown }; localRecords?: unknown };
const { createAppAggregator } = require('../preload/app-aggregator.cjs') as {
  createAppAggregator(options: { service: string; sideUrl: string; env: NodeJS.ProcessEnv }): {
    processor: { onEnd(span: EndedSpan): void };
    finalPush(): Promise<void>;
  };
};

type StageRow = [route: string, path: string, stage: string, counts: number[], sum: number, count: number];
let side: Server;
let sideUrl: string;
const pushes: { stages: StageRow[] }[] = [];

beforeAll(async () => {
  side = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      pushes.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve));
  sideUrl = `http://127.0.0.1:${(side.address() as { port: number }).port}`;
});
afterAll(() => {
  side.close();
});

let ids = 0;
const id = (width: number) => (++ids).toString(16).padStart(width, '0');

/** A request: a server span of 10 ms with a 4 ms pg query inside it. */
function request(path: string) {
  const traceId = id(32);
  const server: EndedSpan = {
    name: 'GET /items/:id',
    kind: 1,
    traceId,
    spanId: id(16),
    parentIsRemote: false,
    startMs: 1000,
    endMs: 1010,
    attributes: { 'http.route': '/items/:id', 'url.path': path, 'http.request.method': 'GET' },
    status: { code: 0 },
    localRoot: {},
  };
  server.localRoot = server;
  const query: EndedSpan = {
    name: 'pg.query:SELECT shop',
    kind: 2,
    traceId,
    spanId: id(16),
    parentSpanId: server.spanId,
    parentIsRemote: false,
    startMs: 1002,
    endMs: 1006,
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT name FROM items WHERE id = $1' },
    status: { code: 0 },
    localRoot: server,
  };
  return { server, query };
}

describe('app aggregator', () => {
  it('keeps stage times of requests whose spans straddle a flood of spans that never see their request end', async () => {
    const aggregator = createAppAggregator({ service: 'shop', sideUrl, env: {} });
    const straddling = request('/items/1');
    aggregator.processor.onEnd(straddling.query);
    // 15,000 spans of requests whose server span never ends here (work left running, a span kept open):
    // a bounded map of pending traces (there was one) would have dropped the straddling request's.
    for (let i = 0; i < 15_000; i++) {
      aggregator.processor.onEnd(request('/items/2').query);
    }
    aggregator.processor.onEnd(straddling.server);
    const normal = request('/items/3');
    aggregator.processor.onEnd(normal.query);
    aggregator.processor.onEnd(normal.server);
    // A query that ends after its request's server span changes nothing already counted.
    const late = request('/items/4');
    aggregator.processor.onEnd(late.server);
    aggregator.processor.onEnd(late.query);
    await aggregator.finalPush();

    const stages = pushes.at(-1)?.stages ?? [];
    const byPathStage = new Map(
      stages.map(([, path, stage, , sum, count]) => [`${path} ${stage}`, { sum, count }]),
    );
    // The straddling request's children arrived before the flood and still count: 4 ms in pg, 6 in the app.
    expect(byPathStage.get('/items/1 db:postgresql')).toEqual({ sum: 4, count: 1 });
    expect(byPathStage.get('/items/1 app')).toEqual({ sum: 6, count: 1 });
    expect(byPathStage.get('/items/3 db:postgresql')).toEqual({ sum: 4, count: 1 });
    expect(byPathStage.get('/items/3 app')).toEqual({ sum: 6, count: 1 });
    expect(byPathStage.get('/items/4 app')).toEqual({ sum: 10, count: 1 });
    expect(byPathStage.has('/items/4 db:postgresql')).toBe(false);
    // Spans whose request never ended here make no stage row.
    expect(stages.some(([, path]) => path === '/items/2')).toBe(false);
  });
});
