// nginx peer: a reverse proxy on loopback in front of a loopback server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LoopbackServer, type NginxPeer, startLoopbackServer, startPeer } from '../../harness/index.ts';

let upstream: LoopbackServer;
let nginx: NginxPeer;

beforeAll(async () => {
  upstream = await startLoopbackServer((req, res) => {
    res.setHeader('x-upstream', 'loopback');
    res.end(JSON.stringify({ path: req.url, host: req.headers.host }));
  });
  nginx = await startPeer('nginx', {
    upstream: upstream.hostPort,
    serverSnippet: '    location = /nginx-health { return 200 "nginx ok"; }\n',
  });
});

afterAll(async () => {
  await nginx?.stop();
  await upstream?.close();
});

test('nginx proxies to the upstream and serves its own location', async () => {
  const proxied = await fetch(`${nginx.url}/trips?user=7`);
  expect(proxied.status).toBe(200);
  expect(proxied.headers.get('server')).toMatch(/^nginx/);
  expect(proxied.headers.get('x-upstream')).toBe('loopback');
  expect(await proxied.json()).toEqual({ path: '/trips?user=7', host: `127.0.0.1:${nginx.port}` });

  const own = await fetch(`${nginx.url}/nginx-health`);
  expect(await own.text()).toBe('nginx ok');
});
