// The HTML report in headless Chromium: it loads nothing from the network, logs no errors, draws its
// charts, and its tables sort on a header click. With LOADLENS_UPDATE_SCREENSHOT=1 it also writes
// docs/report-screenshot.png (off by default: the README's screenshot may come from a real demo run).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from '@loadlens/analyzer';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { craftedComparison, craftedReport } from '../../packages/analyzer/src/render-html/crafted-report.ts';
import { type LoopbackServer, launchChromium, startLoopbackServer } from '../harness/index.ts';

const SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'report-screenshot.png');

let server: LoopbackServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  const html = renderHtmlReport(craftedReport, { comparison: craftedComparison });
  server = await startLoopbackServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${server.url}/report.html`, { waitUntil: 'load', timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Pixels that differ from the white page background. */
function inkedPixels(png: Buffer): { inked: number; total: number } {
  const image = PNG.sync.read(png);
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i]! < 240 || image.data[i + 1]! < 240 || image.data[i + 2]! < 240) inked += 1;
  }
  return { inked, total: image.width * image.height };
}

test('the page loads nothing but itself and logs no errors', () => {
  expect(requests).toEqual([`${server.url}/report.html`]);
  expect(consoleErrors).toEqual([]);
});

test('the charts are drawn: SVG elements with size, and inked pixels inside them', async () => {
  for (const selector of ['svg.latency-curve', 'svg.stage-bars']) {
    const chart = page.locator(selector);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    expect(box?.height).toBeGreaterThan(100);
    const { inked, total } = inkedPixels(await chart.screenshot());
    // Lines, bars, labels and grid: well above a blank box, well below a solid fill.
    expect(inked / total).toBeGreaterThan(0.02);
    expect(inked / total).toBeLessThan(0.8);
  }
  expect(await page.locator('svg.latency-curve circle.p99').count()).toBe(
    craftedReport.capacity!.points.length,
  );
  expect(await page.locator('svg.stage-bars rect.stage').count()).toBe(
    craftedReport.routes.reduce((n, r) => n + r.stages.length, 0),
  );
  const shot = await page.screenshot({ fullPage: true });
  expect(inkedPixels(shot).inked).toBeGreaterThan(50_000);
  if (process.env.LOADLENS_UPDATE_SCREENSHOT === '1') writeFileSync(SCREENSHOT, shot);
});

async function column(table: string, index: number): Promise<string[]> {
  return page.locator(`#${table} tbody tr td:nth-child(${index})`).allTextContents();
}

test('clicking a header sorts the query digest by that column, numbers numerically, and toggles', async () => {
  const header = (name: string) =>
    page.locator('#query-digest thead th', { hasText: name }).locator('button');
  // Calls: 5,400 / 100,800 / 31,200 / 2,400 / 2,604 — a text sort would put "100,800" first ascending.
  await header('Calls').click();
  expect(await column('query-digest', 2)).toEqual(['100,800', '31,200', '5,400', '2,604', '2,400']);
  expect(await page.locator('#query-digest th', { hasText: 'Calls' }).getAttribute('aria-sort')).toBe(
    'descending',
  );
  await header('Calls').click();
  expect(await column('query-digest', 2)).toEqual(['2,400', '2,604', '5,400', '31,200', '100,800']);
  expect(await page.locator('#query-digest th', { hasText: 'Total' }).getAttribute('aria-sort')).toBeNull();

  await header('Shape').click();
  const shapes = (await column('query-digest', 1)).map((text) => text.slice(0, 22));
  expect(shapes).toEqual([
    'INSERT INTO usercache ',
    'SELECT * FROM sections',
    'SELECT * FROM timeseri',
    'SELECT * FROM trips WH',
    'SELECT id, start_ts, e',
  ]);
  expect(consoleErrors).toEqual([]);
});

test('trace links point at the Jaeger template with the sample trace ids', async () => {
  const first = await page.locator('#findings a.trace').first().getAttribute('href');
  // The HTML keeps the analyzer's ranking: the first finding's first sample trace is the first link.
  const linked = craftedReport.findings.find((f) => f.sampleTraceIds.length > 0);
  expect(first).toBe(`http://127.0.0.1:16686/trace/${linked!.sampleTraceIds[0]}`);
});
