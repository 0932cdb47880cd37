// The e-mission-like API: every endpoint is POST with a JSON body carrying the user token.
import type { Request, Response, Router } from 'express';
import { findBodyOf, putBodyOf, userOf } from '../entry-shape.ts';
import { RequestError } from '../errors.ts';
import { isDay } from '../local-day.ts';
import type { PipelineScheduler } from '../pipeline/run-pipeline.ts';
import type { Storage, UserRecord } from '../storage/storage.ts';
import { hydrateEntries } from './heavy-entry.ts';
import { createPollCache } from './poll-cache.ts';
import { tripFeatureCollection } from './timeline-geojson.ts';

async function authenticate(store: Storage, body: unknown): Promise<UserRecord> {
  const user = await store.findUser(userOf(body));
  // The token is not echoed: it is the user's credential.
  if (!user) throw new RequestError(403, 'unknown user: create a profile with POST /profile/create first');
  return user;
}

/** Writes the response and waits when the socket's buffer is full (streaming with backpressure). */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
}

/** Mounts the API routes on `router`. */
export function mountRoutes(router: Router, store: Storage, pipeline: PipelineScheduler): void {
  const polls = createPollCache();

  router.post('/profile/create', async function createProfile(req: Request, res: Response) {
    res.json({ uuid: await store.createUser(userOf(req.body)) });
  });

  router.post('/usercache/put', async function putUsercache(req: Request, res: Response) {
    const entries = putBodyOf(req.body);
    const user = await authenticate(store, req.body);
    res.json(await store.putUsercache(user.uuid, entries));
  });

  router.post('/usercache/get', async function getUsercache(req: Request, res: Response) {
    const user = await authenticate(store, req.body);
    if (store.fixed.has('polling')) {
      const cached = polls.lookup(user.uuid, user.version);
      if (cached) {
        res.setHeader('ETag', cached.etag);
        if (req.headers['if-none-match'] === cached.etag) return void res.status(304).end();
        return void res.type('json').send(cached.body);
      }
    }
    const documents = await store.serverToPhone(user.uuid);
    const body = JSON.stringify({
      server_to_phone: documents.map((doc) => ({
        metadata: { key: doc.key, write_ts: doc.writeTs, type: 'document' },
        data: doc.data,
      })),
    });
    if (store.fixed.has('polling')) res.setHeader('ETag', polls.remember(user.uuid, user.version, body).etag);
    res.type('json').send(body);
  });

  router.post('/timeline/getTrips/:day', async function getTrips(req: Request, res: Response) {
    const day = String(req.params.day);
    if (!isDay(day)) throw new RequestError(400, 'the day must be a date written YYYY-MM-DD');
    const user = await authenticate(store, req.body);
    const trips = await store.tripsOfDay(user.uuid, day);
    res.json({ timeline: trips.map(({ trip, sections }) => tripFeatureCollection(trip, sections)) });
  });

  router.post(
    '/datastreams/find_entries/:time_type',
    async function findEntries(req: Request, res: Response) {
      if (req.params.time_type !== 'timestamp') {
        throw new RequestError(
          400,
          'time_type must be "timestamp" (start_time and end_time in Unix seconds)',
        );
      }
      const { keys, start, end } = findBodyOf(req.body);
      const user = await authenticate(store, req.body);
      if (!store.fixed.has('serialize')) {
        const rows = await store.findEntryRows(user.uuid, keys, start, end);
        return void res.json({ phone_data: hydrateEntries(rows, store.stats) });
      }
      // The fix: the database hands over JSON text of the two wanted fields; it is written out in
      // chunks as it comes, never parsed or rebuilt here.
      res.type('json');
      await write(res, '{"phone_data":[');
      let first = true;
      for await (const chunk of store.findEntryJson(user.uuid, keys, start, end)) {
        await write(res, (first ? '' : ',') + chunk.join(','));
        first = false;
      }
      res.end(']}');
    },
  );

  router.post('/pipeline/get_complete_ts', async function getCompleteTs(req: Request, res: Response) {
    const user = await authenticate(store, req.body);
    res.json({ complete_ts: await store.completeTs(user.uuid) });
  });

  router.post('/pipeline/run', async function runPipeline(_req: Request, res: Response) {
    res.json(await pipeline.runNow());
  });

  function health(_req: Request, res: Response) {
    res.json({ ok: true });
  }
  router.get('/health', health);
  router.post('/health', health);
}
