// What a synthetic-data scenario family looks like to the request source: named scenarios that draw a
// request body (in the target's own format) plus the variables that fill `{param}`s of the same request.
import type { SeededRandom } from '../seeded-random.ts';

/** One drawn request: its body (already serialized) and the variables it brings for the path. */
export interface ScenarioDraw {
  body?: string;
  /** Values for `{param}`s of the same request, e.g. `{ user: "user-1-3", day: "2026-11-02" }`. */
  vars: Readonly<Record<string, string>>;
}

export interface Scenario {
  contentType: string;
  /** Names of the variables every draw carries. */
  provides: readonly string[];
  draw(random: SeededRandom): ScenarioDraw;
}

/** A family built from its options (`workload.data[family]`) and the seed. */
export interface ScenarioFamilyInstance {
  scenario(name: string): Scenario | undefined;
  /** A generator for a standalone variable (a `{param}` of an operation without this family's body). */
  variable(name: string): ((random: SeededRandom) => string) | undefined;
}

export interface ScenarioFamily {
  name: string;
  /** Scenario names without the family prefix, for messages and docs. */
  scenarios: readonly string[];
  variables: readonly string[];
  /** Throws InputError naming `data.<family>.<option>` for bad options. */
  create(options: unknown, seed: number, clock: () => number): ScenarioFamilyInstance;
}
