import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emissionBatches, parseInactiveRate } from './emission-synth.ts';
import { uploadEmission } from './emission-upload.ts';
import { emissionUser } from './emission-users.ts';
import { writeEmissionFile } from './synth-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'loadlens-synth-'));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('synth emission', () => {
  it('writes the same bytes for the same seed, and different bytes for another seed', () => {
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    const c = path.join(dir, 'c.jsonl');
    const summary = writeEmissionFile({ users: 4, days: 2, seed: 1, inactive: 1, inactiveIntervalS: 60 }, a);
    writeEmissionFile({ users: 4, days: 2, seed: 1, inactive: 1, inactiveIntervalS: 60 }, b);
    writeEmissionFile({ users: 4, days: 2, seed: 2, inactive: 1, inactiveIntervalS: 60 }, c);
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
    expect(summary.users).toBe(5);
    expect(summary.lines).toBe(lines(a).length);
  });

  it('writes entries in the shared e-mission format, per user token, inside each user’s local days', () => {
    const file = path.join(dir, 'shape.jsonl');
    writeEmissionFile({ users: 6, days: 3, seed: 1 }, file);
    const entries = lines(file);
    expect(new Set(entries.map((e) => e.user))).toEqual(
      new Set([0, 1, 2, 3, 4, 5].map((i) => `user-1-${i}`)),
    );
    const keys = new Set(entries.map((e) => `${e.metadata.key}:${e.metadata.type}`));
    expect(keys).toEqual(
      new Set([
        'background/location:sensor-data',
        'background/motion_activity:sensor-data',
        'statemachine/transition:message',
      ]),
    );
    const loc = entries.find((e) => e.metadata.key === 'background/location');
    expect(Object.keys(loc.data)).toEqual([
      'ts',
      'latitude',
      'longitude',
      'altitude',
      'accuracy',
      'bearing',
      'speed',
      'filter',
      'loc',
    ]);
    expect(loc.data.loc).toEqual({ type: 'Point', coordinates: [loc.data.longitude, loc.data.latitude] });
    // Nov 1–3 2026 in every zone from UTC-8 to UTC+11: within Oct 31 12:00 UTC .. Nov 4 12:00 UTC.
    for (const e of entries) {
      expect(e.data.ts).toBeGreaterThan(Date.UTC(2026, 9, 31, 12) / 1000);
      expect(e.data.ts).toBeLessThan(Date.UTC(2026, 10, 4, 12) / 1000);
      expect(e.metadata.write_ts).toBeGreaterThan(e.data.ts);
    }
    const transitions = entries.filter(
      (e) => e.user === 'user-1-0' && e.metadata.key === 'statemachine/transition',
    );
    expect(transitions.slice(0, 4).map((e) => e.data.transition)).toEqual([
      'T_EXITED_GEOFENCE',
      'T_TRIP_STARTED',
      'T_TRIP_ENDED',
      'T_DATA_PUSHED',
    ]);
  });

  it('samples moving Android phones every 30 s and iOS phones every 15 min, at plausible speeds', () => {
    const android = [...Array(20).keys()].find((i) => emissionUser(1, i, 'active').platform === 'android')!;
    const ios = [...Array(20).keys()].find((i) => emissionUser(1, i, 'active').platform === 'ios')!;
    const gaps = (index: number) => {
      const [batch] = [...emissionBatches({ users: index + 1, days: 1, seed: 1 })].slice(index);
      const ts = batch!.entries
        .map((e) => JSON.parse(e))
        .filter((e) => e.metadata.key === 'background/location');
      const speeds = ts.map((e) => e.data.speed);
      const steps = ts.slice(1).map((e, i) => Math.round(e.data.ts - ts[i]!.data.ts));
      return { steps, speeds };
    };
    const a = gaps(android);
    expect(Math.max(...a.steps.filter((s) => s < 3600))).toBe(30);
    expect(Math.max(...a.speeds)).toBeLessThan(25); // ≤ 90 km/h in town
    const i = gaps(ios);
    expect(i.steps.filter((s) => s < 3600).every((s) => s <= 900)).toBe(true);
  });

  it('adds heavy inactive users logging all day at the chosen rate', () => {
    const [day] = [...emissionBatches({ users: 0, days: 1, seed: 1, inactive: 1, inactiveIntervalS: 10 })];
    expect(day!.user.token).toBe('inactive-1-0');
    expect(day!.entries.filter((e) => e.includes('background/location')).length).toBe(8640);
    expect(parseInactiveRate('max')).toBe(1);
    expect(parseInactiveRate('5s')).toBe(5);
    expect(() => parseInactiveRate('fast')).toThrow(
      '--inactive-rate "fast": expected "max" or an interval of at least 1s, like "5s"',
    );
  });

  it('rejects bad options with one line naming the flag', () => {
    expect(() => writeEmissionFile({ users: -1, days: 1, seed: 1 }, path.join(dir, 'x'))).toThrow(
      '--users "-1": expected an integer ≥ 0',
    );
    expect(() => [...emissionBatches({ users: 1, days: 1, seed: 1, start: '2026-13-45' })]).toThrow(
      '--start "2026-13-45": expected a day like 2026-11-01',
    );
    expect(() => writeEmissionFile({ users: 1, days: 1, seed: 1 }, path.join(dir, 'no/such/dir/x'))).toThrow(
      /no\/such\/dir\/x: cannot write: ENOENT/,
    );
  });
});

describe('synth emission --target', () => {
  // A fake tripstore: records the bodies it receives and answers like the shared API.
  const received: { path: string; body: { user: string; phone_to_server?: unknown[] } }[] = [];
  let fakeTripstore: Server;
  let url = '';
  beforeAll(async () => {
    fakeTripstore = createServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      received.push({ path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"inserted":1,"updated":0}');
    });
    await new Promise<void>((resolve) => fakeTripstore.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fakeTripstore.address() as { port: number }).port}`;
  });
  afterAll(() => fakeTripstore.close());

  it('creates each profile, then puts every entry in batches', async () => {
    const summary = await uploadEmission({ users: 3, days: 2, seed: 1 }, url, {
      batchSize: 50,
      concurrency: 2,
    });
    const expected = [...emissionBatches({ users: 3, days: 2, seed: 1 })].reduce(
      (n, b) => n + b.entries.length,
      0,
    );
    expect(summary.entries).toBe(expected);
    const puts = received.filter((r) => r.path === '/usercache/put');
    expect(puts.reduce((n, r) => n + (r.body.phone_to_server?.length ?? 0), 0)).toBe(expected);
    expect(Math.max(...puts.map((r) => r.body.phone_to_server?.length ?? 0))).toBe(50);
    const creates = received.filter((r) => r.path === '/profile/create').map((r) => r.body.user);
    expect(creates.sort()).toEqual(['user-1-0', 'user-1-1', 'user-1-2']);
    for (const user of creates) {
      const first = received.findIndex((r) => r.body.user === user);
      expect(received[first]!.path).toBe('/profile/create');
    }
  });

  it('fails with one line (exit 3) when the target is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await uploadEmission({ users: 1, days: 1, seed: 1 }, `http://127.0.0.1:${port}`).catch(
      (e) => e,
    );
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`--target http://127.0.0.1:${port}: /profile/create failed: ECONNREFUSED`);
  });
});
