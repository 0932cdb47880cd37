// The synthetic canvassing world (the canvassing-app story in DESIGN.md): volunteers, localities that are
// cells of a 100 m grid with their dwellings, and door-to-door visits recording 0–5 intentions and whether
// a follow-up is due. Shared by `synth canvass` and the canvass request scenarios.
import { createRandom, mixSeed, type SeededRandom } from '../seeded-random.ts';
import { DEG_PER_M } from './emission-users.ts';

/** The grid's cell size from the canvass story: localities are 100 m squares. */
export const CELL_M = 100;
/** Grid origin: central Amsterdam (any dense city works; this one has e-mission users too). */
const ORIGIN = { lat: 52.37, lon: 4.89 };

export const TOPICS = [
  'housing',
  'transport',
  'schools',
  'healthcare',
  'climate',
  'safety',
  'taxes',
] as const;
export const INTENTIONS = ['support', 'lean-support', 'undecided', 'lean-oppose', 'oppose'] as const;

export interface Locality {
  id: string;
  /** Cell centre [lon, lat] (GeoJSON order). */
  center: [number, number];
  row: number;
  col: number;
  dwellings: number;
}

export const volunteerId = (seed: number, index: number) => `vol-${seed}-${index}`;
export const localityId = (seed: number, index: number) => `loc-${seed}-${index}`;

/** The `index`-th locality of `count`, laid out row by row on a square-ish grid. */
export function localityAt(seed: number, index: number, count: number): Locality {
  const cols = Math.ceil(Math.sqrt(count));
  const row = Math.floor(index / cols);
  const col = index % cols;
  const random = createRandom(mixSeed(seed, 3, index));
  const lat = ORIGIN.lat + (row + 0.5) * CELL_M * DEG_PER_M;
  const lon = ORIGIN.lon + ((col + 0.5) * CELL_M * DEG_PER_M) / Math.cos((ORIGIN.lat * Math.PI) / 180);
  // 10–60 dwellings per hectare: terraced streets to low-rise flats.
  const dwellings = 10 + random.int(51);
  return { id: localityId(seed, index), center: [round6(lon), round6(lat)], row, col, dwellings };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export interface VisitChoice {
  volunteer?: number;
  locality?: number;
  dwelling?: number;
  /** Set on a revisit: the id of the visit whose follow-up this is. */
  followUpOf?: string;
}

/**
 * A visit's JSON (no trailing newline) at `atSeconds`; volunteer, locality and dwelling are drawn unless given.
 * @example visitJson(random, { seed: 7, volunteers: 100, localities: 50 }, 1793577600)
 */
export function visitJson(
  random: SeededRandom,
  world: { seed: number; volunteers: number; localities: number },
  atSeconds: number,
  choice: VisitChoice = {},
): string {
  const place = localityAt(world.seed, choice.locality ?? random.int(world.localities), world.localities);
  const dwelling = `${place.id}-d${(choice.dwelling ?? random.int(place.dwellings)) % place.dwellings}`;
  const volunteer = volunteerId(world.seed, choice.volunteer ?? random.int(world.volunteers));
  // About 40 % of doors open (canvassing contact rates are typically 20–50 %); only then are intentions asked.
  const answered = random.next() < 0.4;
  const intentions: string[] = [];
  if (answered) {
    const n = random.int(6); // 0–5 intentions, per the canvass story
    for (let i = 0; i < n; i++)
      intentions.push(`{"topic":"${random.pick(TOPICS)}","intention":"${random.pick(INTENTIONS)}"}`);
  }
  const followUp = !answered || random.next() < 0.25;
  const at = Math.round(atSeconds);
  const due = at + 86_400 * (1 + random.int(7));
  const reason = answered ? 'callback' : 'not-home';
  const of = choice.followUpOf === undefined ? '' : `,"followUpOf":"${choice.followUpOf}"`;
  return `{"volunteer":"${volunteer}","locality":"${place.id}","dwelling":"${dwelling}","at":${at},"answered":${answered},"intentions":[${intentions.join(',')}],"followUp":${followUp ? `{"due":${due},"reason":"${reason}"}` : 'null'}${of}}`;
}
