// Chromium peer: playwright-core drives Debian's chromium to screenshot a loopback page, and the
// decoded PNG shows the page was drawn (a blank page's screenshot is checked to be white).
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LoopbackServer, launchChromium, startLoopbackServer } from '../../harness/index.ts';

let target: LoopbackServer;
let browser: Browser;

const page = `<!doctype html><html><body style="margin:0;background:#fff">
<h1 style="font:bold 48px sans-serif;color:#123">loadlens</h1>
<div id="bar" style="width:400px;height:120px;background:rgb(200,30,30)"></div>
</body></html>`;

beforeAll(async () => {
  target = await startLoopbackServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(page);
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await target?.close();
});

/** Pixels that are not (near) white, and how many are the bar's red. */
function countPixels(png: Buffer): { nonWhite: number; red: number; total: number } {
  const image = PNG.sync.read(png);
  let nonWhite = 0;
  let red = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (r < 245 || g < 245 || b < 245) nonWhite += 1;
    if (r > 180 && g < 60 && b < 60) red += 1;
  }
  return { nonWhite, red, total: image.width * image.height };
}

test('a local page renders to a screenshot that is not blank', async () => {
  const context = await browser.newContext({ viewport: { width: 640, height: 360 } });
  try {
    const tab = await context.newPage();
    await tab.goto('about:blank');
    const blank = countPixels(await tab.screenshot());
    expect(blank.nonWhite).toBe(0);

    await tab.goto(target.url, { waitUntil: 'load', timeout: 30_000 });
    expect(await tab.textContent('h1')).toBe('loadlens');
    const drawn = countPixels(await tab.screenshot());
    expect(drawn.total).toBe(640 * 360);
    // The bar is 400 × 120 = 48 000 red pixels; the heading adds dark ones.
    expect(drawn.red).toBeGreaterThanOrEqual(48_000 * 0.95);
    expect(drawn.nonWhite).toBeGreaterThan(drawn.red);
  } finally {
    await context.close();
  }
});
