// OTEL_EXPORTER_OTLP_PROTOCOL end to end in-process: with http/json both the proxy and the preloaded
// server send OTLP/JSON to the endpoint (a loopback receiver); grpc is refused before anything starts.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { InputError } from '@loadlens/types';
import { afterAll, describe, expect, it } from 'vitest';
import { startWrap, type Wrap } from './start-wrap.ts';
import { parseWrapFlags } from './wrap-options.ts';

const app = fileURLToPath(new URL('../test/fixtures/esm-app/server.js', import.meta.url));
const received: Array<{ contentType: string; services: string[] }> = [];
let receiver: Server | undefined;
let wrap: Wrap | undefined;

afterAll(async () => {
  await wrap?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

async function startReceiver(): Promise<string> {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const contentType = String(req.headers['content-type']);
    let services: string[] = [];
    if (contentType.startsWith('application/json')) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      services = body.resourceSpans.map(
        (rs: { resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> } }) =>
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
      );
    }
    received.push({ contentType, services });
    res.end('{}');
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  return `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
}

describe('OTLP protocol of a wrapped run', () => {
  it('sends OTLP/JSON from the proxy and from the preloaded server when the protocol is http/json', async () => {
    const endpoint = await startReceiver();
    wrap = await startWrap(
      parseWrapFlags({ listen: '127.0.0.1:0', readyTimeout: '60s', command: [process.execPath, app] }),
      { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    );
    expect(await (await fetch(`${wrap.proxyUrl}/outer/1`)).text()).toBe('outer+inner');
    for (let i = 0; i < 120; i++) {
      const services = new Set(received.flatMap((r) => r.services));
      if (services.has('loadlens-proxy') && services.has('wrap-unit-fixture')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(new Set(received.flatMap((r) => r.services))).toEqual(
      new Set(['loadlens-proxy', 'wrap-unit-fixture']),
    );
    expect(received.every((r) => r.contentType.startsWith('application/json'))).toBe(true);
  }, 60_000);

  it('refuses grpc with one line naming the variable, before starting the server', async () => {
    const flags = parseWrapFlags({ listen: '127.0.0.1:0', command: [process.execPath, app] });
    const started = startWrap(flags, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    await expect(started).rejects.toThrow(InputError);
    await expect(started).rejects.toThrow(
      /^OTEL_EXPORTER_OTLP_PROTOCOL=grpc: loadlens exports traces over OTLP\/HTTP only/,
    );
  });

  it('follows OTEL_TRACES_SAMPLER when --sample is not given, and --sample when it is', async () => {
    const endpoint = await startReceiver();
    const proxySpans = () => received.filter((r) => r.services.includes('loadlens-proxy')).length;
    for (const [flags, expectSpans] of [
      [{}, false],
      [{ sample: '1' }, true],
    ] as const) {
      received.length = 0;
      const w = await startWrap(parseWrapFlags({ target: endpoint, listen: '127.0.0.1:0', ...flags }), {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'always_off',
      });
      await fetch(`${w.proxyUrl}/anything`);
      // stop() flushes the export queue: whatever was sampled has been sent when it returns.
      await w.stop();
      expect(proxySpans() > 0).toBe(expectSpans);
    }
  });
});
