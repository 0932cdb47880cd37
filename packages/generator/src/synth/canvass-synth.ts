// `synth canvass`: the canvassing world as JSON lines — volunteers, localities (100 m grid cells) with their
// dwellings, and a canvassing day of door-to-door visits with intentions, follow-ups due, and revisits.
import { InputError } from '@loadlens/types';
import { createRandom, mixSeed } from '../seeded-random.ts';
import { CELL_M, localityAt, visitJson, volunteerId } from './canvass-model.ts';
import { DEFAULT_START_DAY, DEG_PER_M } from './emission-users.ts';

export interface CanvassSynthOptions {
  volunteers: number;
  localities: number;
  seed: number;
  /** Canvassing day, YYYY-MM-DD (default 2026-11-01); shifts start at 10:00 UTC. */
  start?: string;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function checkOptions(o: CanvassSynthOptions): void {
  for (const [flag, value, min] of [
    ['--volunteers', o.volunteers, 1],
    ['--localities', o.localities, 1],
    ['--seed', o.seed, 0],
  ] as const)
    if (!Number.isInteger(value) || value < min)
      throw new InputError(`${flag} "${value}": expected an integer ≥ ${min}`);
  if (o.start !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(o.start) || Number.isNaN(Date.parse(o.start))))
    throw new InputError(`--start "${o.start}": expected a day like 2026-11-01`);
}

/**
 * JSON lines (each ending in "\n"): every volunteer, every locality with its dwellings, then the visits.
 * @example for (const line of canvassLines({ volunteers: 100, localities: 50, seed: 1 })) out.write(line)
 */
export function* canvassLines(options: CanvassSynthOptions): Generator<string> {
  checkOptions(options);
  const world = options;
  for (let v = 0; v < world.volunteers; v++)
    yield `{"kind":"volunteer","id":"${volunteerId(world.seed, v)}"}\n`;
  for (let l = 0; l < world.localities; l++) {
    const place = localityAt(world.seed, l, world.localities);
    // Dwellings on a sub-grid of the 100 m cell, so every address is inside its locality.
    const side = Math.ceil(Math.sqrt(place.dwellings));
    const cosLat = Math.cos((place.center[1] * Math.PI) / 180);
    const dwellings: string[] = [];
    for (let d = 0; d < place.dwellings; d++) {
      const north = ((Math.floor(d / side) + 0.5) / side - 0.5) * CELL_M;
      const east = (((d % side) + 0.5) / side - 0.5) * CELL_M;
      const lat = round6(place.center[1] + north * DEG_PER_M);
      const lon = round6(place.center[0] + (east * DEG_PER_M) / cosLat);
      dwellings.push(`{"id":"${place.id}-d${d}","loc":[${lon},${lat}]}`);
    }
    yield `{"kind":"locality","id":"${place.id}","row":${place.row},"col":${place.col},"cellMetres":${CELL_M},"center":[${place.center[0]},${place.center[1]}],"dwellings":[${dwellings.join(',')}]}\n`;
  }
  const shiftStart = Date.parse(`${world.start ?? DEFAULT_START_DAY}T10:00:00Z`) / 1000;
  for (let v = 0; v < world.volunteers; v++) {
    const random = createRandom(mixSeed(world.seed, 30, v));
    // Each volunteer walks one turf (a locality) door to door: 20–40 doors, 2–6 minutes apart.
    const locality = random.int(world.localities);
    const doors = 20 + random.int(21);
    const first = random.int(64);
    let at = shiftStart + random.int(3600);
    for (let k = 0; k < doors; k++) {
      const id = `visit-${world.seed}-${v}-${k}`;
      const json = visitJson(random, world, at, { volunteer: v, locality, dwelling: first + k });
      yield `{"kind":"visit","id":"${id}",${json.slice(1)}\n`;
      // Half of the follow-ups that fall due get a revisit (by the same volunteer) on their due day.
      const due = /"followUp":\{"due":(\d+)/.exec(json);
      if (due && random.next() < 0.5) {
        const revisit = visitJson(random, world, Number(due[1]) + random.int(4 * 3600), {
          volunteer: v,
          locality,
          dwelling: first + k,
          followUpOf: id,
        });
        yield `{"kind":"visit","id":"${id}-r",${revisit.slice(1)}\n`;
      }
      at += 120 + random.int(241);
    }
  }
}
