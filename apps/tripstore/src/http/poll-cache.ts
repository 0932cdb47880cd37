// The fix for the `polling` bottleneck: remember each user's last /usercache/get answer with the
// version it was built from. The user lookup every request makes anyway returns the current
// version, so an unchanged user is answered without querying their documents at all.

/** Users remembered per process; the oldest is forgotten first (Map keeps insertion order). */
const MAX_USERS = 10_000;

export interface CachedPoll {
  version: number;
  body: string;
  etag: string;
}

export function createPollCache(maxUsers = MAX_USERS) {
  const byUser = new Map<string, CachedPoll>();

  function lookup(uuid: string, version: number): CachedPoll | undefined {
    const hit = byUser.get(uuid);
    return hit && hit.version === version ? hit : undefined;
  }

  function remember(uuid: string, version: number, body: string): CachedPoll {
    const entry = { version, body, etag: `W/"v${version}"` };
    byUser.delete(uuid);
    byUser.set(uuid, entry);
    if (byUser.size > maxUsers) byUser.delete(byUser.keys().next().value!);
    return entry;
  }

  return { lookup, remember };
}
export type PollCache = ReturnType<typeof createPollCache>;
