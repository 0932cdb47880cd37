// The canvass scenario family: visit bodies and the `{locality}`, `{volunteer}`, `{dwelling}` variables of
// the canvassing story, over the same seeded world `synth canvass` writes.
import type { SeededRandom } from '../seeded-random.ts';
import { localityAt, localityId, visitJson, volunteerId } from '../synth/canvass-model.ts';
import { optionReader } from './family-options.ts';
import type { Scenario, ScenarioFamily, ScenarioFamilyInstance } from './scenario.ts';

function createCanvass(options: unknown, workloadSeed: number, clock: () => number): ScenarioFamilyInstance {
  const read = optionReader('canvass', options);
  const world = {
    volunteers: read.int('volunteers', 100, 1, 10_000_000),
    localities: read.int('localities', 50, 1, 10_000_000),
    seed: read.int('seed', workloadSeed, 0, 2 ** 31 - 1),
  };
  const visit: Scenario = {
    contentType: 'application/json',
    provides: ['locality'],
    draw: function drawVisit(random) {
      const locality = random.int(world.localities);
      return {
        body: visitJson(random, world, clock() / 1000, { locality }),
        vars: { locality: localityId(world.seed, locality) },
      };
    },
  };
  const variables: Record<string, (random: SeededRandom) => string> = {
    locality: (random) => localityId(world.seed, random.int(world.localities)),
    volunteer: (random) => volunteerId(world.seed, random.int(world.volunteers)),
    dwelling: (random) => {
      const place = localityAt(world.seed, random.int(world.localities), world.localities);
      return `${place.id}-d${random.int(place.dwellings)}`;
    },
  };
  return {
    scenario: (name) => (name === 'visit' ? visit : undefined),
    variable: (name) => variables[name],
  };
}

/** Scenario `canvass.visit`; variables `{locality}`, `{volunteer}`, `{dwelling}`. Options in `data.canvass`:
 * volunteers (100), localities (50), seed (the workload's). */
export const canvassFamily: ScenarioFamily = {
  name: 'canvass',
  scenarios: ['visit'],
  variables: ['locality', 'volunteer', 'dwelling'],
  create: createCanvass,
};
