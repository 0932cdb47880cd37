// Free loopback ports for peers. A port the OS picks with `listen(0)` comes from the ephemeral
// range, the same range every outgoing connection draws its source port from; on a busy test
// machine one of those connections can take the number between our check and the peer's bind
// (CI saw Jaeger fail that way). So ports are drawn below the ephemeral range, where only
// explicit binds land, and a number is never handed out twice by this process.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST_PORT = 20_000;
const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(low);
    return Number.isInteger(port) && port > LOWEST_PORT + 1000 ? port : 32_768;
  } catch {
    return 32_768; // Linux's default; other systems only matter for local runs
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Returns a TCP port on 127.0.0.1 that was free a moment ago, below the ephemeral range.
 * @example const port = await freePort();
 */
export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart();
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (high - LOWEST_PORT));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // reserved before the await, so concurrent callers cannot both take it
    if (await canBind(port)) return port;
  }
  throw new Error(`freePort: no bindable port found between ${LOWEST_PORT} and ${high} in 200 tries`);
}
