// Keep-alive HTTP target for the proxy benchmarks: a fixed 2-byte body, the cheapest possible upstream so
// the proxy in front of it is what is measured. Run it plain, or with the loadlens preload in
// NODE_OPTIONS to measure what zero-code instrumentation costs.
// Usage: node bench/proxy-target.ts PORT
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = Buffer.from('ok');
const server = createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end(body);
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}\n`,
  );
});
