// Compiles one operation of a workload into a request plan: its body (serialized once when literal), its
// scenario, and a filler per `{param}` — the scenario's own variable, a captured value, or a family variable.
import { InputError, type ResolvedOperation, type ResolvedWorkload } from '@loadlens/types';
import { CaptureNotReady } from './capture-not-ready.ts';
import type { PreparedRequest } from './request-source.ts';
import type { Scenario, ScenarioFamilyInstance } from './scenarios/scenario.ts';
import { SCENARIO_FAMILIES, scenarioNames } from './scenarios/scenario-registry.ts';
import { createRandom, mixSeed, type SeededRandom } from './seeded-random.ts';

type Filler = (
  draw: Readonly<Record<string, string>>,
  captured: ReadonlyMap<string, readonly string[]>,
) => string;

export interface Plan {
  isStatic: boolean;
  needs: string[];
  next(captured: ReadonlyMap<string, readonly string[]>): PreparedRequest;
}

const PARAM = /\{([^{}]+)\}/g;

export function instantiateFamilies(
  workload: ResolvedWorkload,
  now: () => number,
): Map<string, ScenarioFamilyInstance> {
  const known = new Map(SCENARIO_FAMILIES.map((f) => [f.name, f]));
  for (const key of Object.keys(workload.data))
    if (!known.has(key))
      throw new InputError(
        `data.${key}: unknown scenario family "${key}" (known: ${[...known.keys()].join(', ')})`,
      );
  const instances = new Map<string, ScenarioFamilyInstance>();
  for (const family of SCENARIO_FAMILIES)
    instances.set(family.name, family.create(workload.data[family.name], workload.seed, now));
  return instances;
}

function findScenario(
  op: ResolvedOperation,
  families: Map<string, ScenarioFamilyInstance>,
): Scenario | undefined {
  if (!op.body || !('scenario' in op.body)) return undefined;
  const name = op.body.scenario;
  const dot = name.indexOf('.');
  const scenario = dot > 0 ? families.get(name.slice(0, dot))?.scenario(name.slice(dot + 1)) : undefined;
  if (!scenario)
    throw new InputError(
      `operation "${op.name}": unknown scenario "${name}" (known: ${scenarioNames().join(', ')})`,
    );
  return scenario;
}

function pickCaptured(
  name: string,
  random: SeededRandom,
  fallback?: (random: SeededRandom) => string,
): Filler {
  return function fillFromCapture(_draw, captured) {
    const values = captured.get(name);
    if (!values || values.length === 0) {
      if (fallback) return fallback(random);
      throw new CaptureNotReady(name);
    }
    return values[random.int(values.length)] as string;
  };
}

/** Every standalone variable a family offers, for the message when a `{param}` has no filler. */
const SCENARIO_VARIABLES = SCENARIO_FAMILIES.flatMap((f) => f.variables.map((v) => `{${v}}`)).join(', ');

export function compileOperation(
  op: ResolvedOperation,
  index: number,
  workload: ResolvedWorkload,
  families: Map<string, ScenarioFamilyInstance>,
  captureNames: Set<string>,
  usedFamilies: string[],
): Plan {
  const random = createRandom(mixSeed(workload.seed, 0x5eed, index));
  const scenario = findScenario(op, families);
  const literals = op.path.split(PARAM).filter((_, i) => i % 2 === 0);
  const params = [...op.path.matchAll(PARAM)].map((m) => m[1] as string);
  const needs: string[] = [];
  const fillers: Filler[] = params.map((param): Filler => {
    if (scenario?.provides.includes(param)) return (draw) => draw[param] as string;
    // A standalone variable: families the workload uses come first, then any family that knows it.
    let variable: ((random: SeededRandom) => string) | undefined;
    for (const family of [...usedFamilies, ...families.keys()]) {
      variable = families.get(family)?.variable(param);
      if (variable) break;
    }
    // Captured values win (the workload asked for them); the family's variable covers the start of the run.
    if (captureNames.has(param)) {
      if (!variable) needs.push(param);
      return pickCaptured(param, random, variable);
    }
    if (variable) {
      const fill = variable;
      return () => fill(random);
    }
    throw new InputError(
      `operation "${op.name}": nothing fills "{${param}}" in ${op.path}: capture it from an earlier response, use a scenario variable, or a synthetic one (${SCENARIO_VARIABLES})`,
    );
  });

  let contentType: string | undefined;
  let staticBody: string | undefined;
  if (op.body && 'json' in op.body) {
    contentType = 'application/json';
    staticBody = JSON.stringify(op.body.json) ?? 'null';
  } else if (op.body && 'text' in op.body) {
    contentType = op.body.contentType ?? 'text/plain; charset=utf-8';
    staticBody = op.body.text;
  } else if (scenario) contentType = scenario.contentType;
  const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...op.headers };
  const headersOrNone = Object.keys(headers).length > 0 ? headers : undefined;

  if (!scenario && params.length === 0) {
    const request: PreparedRequest = {
      path: op.path,
      ...(staticBody === undefined ? {} : { body: staticBody }),
      ...(headersOrNone ? { headers: headersOrNone } : {}),
    };
    return { isStatic: true, needs, next: () => request };
  }
  const none: Readonly<Record<string, string>> = {};
  return {
    isStatic: false,
    needs,
    next: function nextDrawnRequest(captured) {
      const draw = scenario ? scenario.draw(random) : undefined;
      const vars = draw?.vars ?? none;
      // Hand-rolled concatenation: runs per request, so no array joins or regex replaces here.
      let path = literals[0] as string;
      for (let i = 0; i < fillers.length; i++)
        path += encodeURIComponent((fillers[i] as Filler)(vars, captured)) + (literals[i + 1] as string);
      const body = draw?.body ?? staticBody;
      return {
        path,
        ...(body === undefined ? {} : { body }),
        ...(headersOrNone ? { headers: headersOrNone } : {}),
      };
    },
  };
}
