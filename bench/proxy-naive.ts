// The baseline the tracing proxy is measured against: a naive, untraced reverse proxy, node:http in and
// undici out (the global keep-alive dispatcher), streaming bodies both ways. No spans, no limits.
// Usage: node bench/proxy-naive.ts LISTEN_PORT http://127.0.0.1:TARGET_PORT
import { createServer } from 'node:http';
import { request } from 'undici';

const port = Number(process.argv[2] ?? 0);
const target = process.argv[3] ?? 'http://127.0.0.1:8080';

const server = createServer(async (req, res) => {
  try {
    const upstream = await request(`${target}${req.url}`, {
      method: req.method as 'GET',
      headers: req.headers as Record<string, string>,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
    });
    res.writeHead(upstream.statusCode, upstream.headers as Record<string, string>);
    upstream.body.pipe(res);
  } catch {
    res.writeHead(502);
    res.end();
  }
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`,
  );
});
