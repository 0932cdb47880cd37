// Minimal keep-alive HTTP target for the generator and proxy benchmarks: answers every request with a fixed
// 2-byte body, the cheapest possible upstream, so the load tool or the proxy in front of it is what is
// measured. Run it plain, or with the loadlens preload in NODE_OPTIONS (what zero-code instrumentation costs).
// Usage: [taskset -c 0] node bench/keepalive-target.ts PORT [stall]
//   stall: freeze the event loop for 1 s every 5 s (the coordinated-omission scenario).
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const stall = process.argv[3] === 'stall';
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
if (stall) {
  // A busy-wait, not a sleep: the process neither accepts nor answers for the whole second, like a GC
  // pause or a blocking query on a single-threaded server.
  setInterval(() => {
    const until = Date.now() + 1000;
    while (Date.now() < until) {}
  }, 5000);
}
