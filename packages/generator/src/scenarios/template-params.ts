// The `template` family: synthetic values for the `{param}`s that route templating produces (`{id}`,
// `{uuid}`, `{hex}`, `{date}`, `{email}`, `{token}`), so a workload written by `workload from-log` runs
// without copying any real identifier out of the log.
import { createRandom, mixSeed, type SeededRandom } from '../seeded-random.ts';
import { addDays, DEFAULT_START_DAY } from '../synth/emission-users.ts';
import { optionReader } from './family-options.ts';
import type { ScenarioFamily, ScenarioFamilyInstance } from './scenario.ts';

function hex(random: SeededRandom, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) out += '0123456789abcdef'[random.int(16)];
  return out;
}

function createTemplate(options: unknown, seed: number): ScenarioFamilyInstance {
  const read = optionReader('template', options);
  const ids = read.int('ids', 1000, 1, 2 ** 31 - 1);
  const days = read.int('days', 7, 1, 3650);
  const start = read.day('start', DEFAULT_START_DAY);
  // Ids come from a fixed pool (`ids` distinct values) so repeated reads hit the same rows, as real traffic does.
  const pool = (random: SeededRandom) => createRandom(mixSeed(seed, 40, random.int(ids)));
  const variables: Record<string, (random: SeededRandom) => string> = {
    id: (random) => String(1 + random.int(ids)),
    uuid: (random) => {
      const h = hex(pool(random), 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    },
    hex: (random) => hex(pool(random), 24),
    date: (random) => addDays(start, random.int(days)),
    email: (random) => `user${1 + random.int(ids)}@example.org`,
    token: (random) => `tok${hex(pool(random), 29)}`,
  };
  return { scenario: () => undefined, variable: (name) => variables[name] };
}

/** Variables `{id}`, `{uuid}`, `{hex}`, `{date}`, `{email}`, `{token}`. Options in `data.template`:
 * ids (1000 distinct values), days (7), start ("2026-11-01"). */
export const templateFamily: ScenarioFamily = {
  name: 'template',
  scenarios: [],
  variables: ['id', 'uuid', 'hex', 'date', 'email', 'token'],
  create: createTemplate,
};
