// The known scenario families, by name: what `body: { scenario: "family.name" }` and `data.<family>` refer to.
import { canvassFamily } from './canvass-scenarios.ts';
import { emissionFamily } from './emission-scenarios.ts';
import type { ScenarioFamily } from './scenario.ts';
import { templateFamily } from './template-params.ts';

export const SCENARIO_FAMILIES: readonly ScenarioFamily[] = [emissionFamily, canvassFamily, templateFamily];

/** Every scenario name, e.g. "emission.put", for messages and `--help`. */
export function scenarioNames(): string[] {
  return SCENARIO_FAMILIES.flatMap((f) => f.scenarios.map((s) => `${f.name}.${s}`));
}
