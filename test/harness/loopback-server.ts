// A node:http server on a free 127.0.0.1 port: the target that load tools and peers point at.
import { createServer, type RequestListener, type Server } from 'node:http';

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** `127.0.0.1:PORT`, as scrape targets and upstreams want it. */
  hostPort: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 until close().
 * @example const target = await startLoopbackServer((req, res) => res.end('ok'));
 */
export function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer({ keepAliveTimeout: 30_000 }, handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, function onListening() {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('loopback server has no TCP address'));
        return;
      }
      const { port } = address;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        hostPort: `127.0.0.1:${port}`,
        server,
        close() {
          server.closeAllConnections();
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
