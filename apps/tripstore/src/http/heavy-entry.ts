// The `serialize` bottleneck, on purpose: every row becomes a rich model object (deep copies,
// derived local-time fields, a per-row date formatter) and is then turned back into the wire
// shape one at a time — the "ORM turning rows into objects" case. Do not optimise this file:
// its CPU cost is the point. The fix (projection + streaming) lives in find-entries-route.ts.
import type { Entry } from '../entry-shape.ts';

function formatterPerRow(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'full', timeStyle: 'long' });
  } catch {
    return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'full', timeStyle: 'long' });
  }
}

/** A hydrated timeseries row, the way an ORM model would hold it. */
class TimeseriesEntry {
  readonly id: string;
  readonly userId: string;
  readonly key: string;
  readonly metadata: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly localTime: Record<string, string>;

  constructor(row: Record<string, unknown>) {
    this.id = String(row.id ?? row._id);
    this.userId = String(row.user_uuid);
    this.key = String(row.key);
    // Defensive deep copies, as model layers make so callers cannot mutate the row cache.
    this.metadata = structuredClone(row.metadata as Record<string, unknown>);
    this.data = structuredClone(row.data as Record<string, unknown>);
    const zone = typeof this.metadata.time_zone === 'string' ? this.metadata.time_zone : 'UTC';
    // A formatter per row (as a model's getter would build it): the costly part of hydration.
    const formatter = formatterPerRow(zone);
    const ts = typeof this.data.ts === 'number' ? this.data.ts : Number(this.metadata.write_ts);
    this.localTime = Object.fromEntries(
      formatter.formatToParts(new Date(ts * 1000)).map((part) => [part.type, part.value]),
    );
  }

  /** The wire shape: the model's extra fields are dropped again. */
  toEntry(): Entry {
    return JSON.parse(JSON.stringify({ metadata: this.metadata, data: this.data })) as Entry;
  }
}

/** Hydrates and re-serialises rows one by one; counts each hydration in `stats.materialised`. */
export function hydrateEntries(rows: Record<string, unknown>[], stats: { materialised: number }): Entry[] {
  const entries: Entry[] = [];
  for (const row of rows) {
    const model = new TimeseriesEntry(row);
    stats.materialised++;
    entries.push(model.toEntry());
  }
  return entries;
}
