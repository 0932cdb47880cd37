// Turns a resolved workload's operations into requests for the engine: literal bodies serialized once,
// scenario bodies drawn from a seeded stream per operation, and `{param}`s in paths filled from the
// scenario's own variables, from values captured from earlier responses, or from a family's variables.
import { InputError, type ResolvedOperation, type ResolvedWorkload } from '@loadlens/types';
import type { Scenario, ScenarioFamilyInstance } from './scenarios/scenario.ts';
import { SCENARIO_FAMILIES, scenarioNames } from './scenarios/scenario-registry.ts';
import { createRandom, mixSeed, type SeededRandom } from './seeded-random.ts';

export interface PreparedRequest {
  path: string;
  body?: string | Uint8Array;
  /** Include content-type when there is a body. Shared between calls: do not mutate. */
  headers?: Record<string, string>;
}

export interface RequestSource {
  /** The next request of operation `operationIndex`; `captured` holds values captured from earlier
   * responses by name (the engine fills it from each operation's `capture` JSON pointers).
   * Throws CaptureNotReady when a `{param}` only a capture can fill has no captured value yet. */
  next(operationIndex: number, captured: ReadonlyMap<string, readonly string[]>): PreparedRequest;
  /** True when next() always returns the same request for that operation, so the engine can pre-serialize it once. */
  isStatic(operationIndex: number): boolean;
  /** Capture names operation `operationIndex` cannot be sent without (empty for most operations). */
  needsCaptures(operationIndex: number): readonly string[];
}

export interface RequestSourceOptions {
  /** Wall clock in ms for time-stamped bodies (e.g. `emission.put` batches end "now"); tests pin it. */
  now?: () => number;
}

/** Thrown by next() when a capture-only `{param}` has nothing captured yet: the engine should hold or skip. */
export class CaptureNotReady extends Error {
  readonly capture: string;
  constructor(capture: string) {
    super(`no value captured for "${capture}" yet`);
    this.name = 'CaptureNotReady';
    this.capture = capture;
  }
}

type Filler = (
  draw: Readonly<Record<string, string>>,
  captured: ReadonlyMap<string, readonly string[]>,
) => string;

interface Plan {
  isStatic: boolean;
  needs: string[];
  next(captured: ReadonlyMap<string, readonly string[]>): PreparedRequest;
}

const PARAM = /\{([^{}]+)\}/g;

function instantiateFamilies(
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

function compileOperation(
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
      `operation "${op.name}": nothing fills "{${param}}" in ${op.path}: capture it from an earlier response or use a scenario variable`,
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

/**
 * Builds the request source of a workload. Throws InputError for an unknown scenario or family, bad
 * `data.<family>` options, or a `{param}` nothing can fill.
 * @example const source = createRequestSource(resolved); source.next(0, new Map()).path
 */
export function createRequestSource(
  workload: ResolvedWorkload,
  options: RequestSourceOptions = {},
): RequestSource {
  const families = instantiateFamilies(workload, options.now ?? Date.now);
  const captureNames = new Set(workload.operations.flatMap((op) => Object.keys(op.capture ?? {})));
  const usedFamilies = [
    ...new Set([
      ...workload.operations.flatMap((op) =>
        op.body && 'scenario' in op.body ? [op.body.scenario.split('.')[0] as string] : [],
      ),
      ...Object.keys(workload.data),
    ]),
  ];
  const plans = workload.operations.map((op, i) =>
    compileOperation(op, i, workload, families, captureNames, usedFamilies),
  );
  function planOf(operationIndex: number): Plan {
    const plan = plans[operationIndex];
    if (!plan) throw new RangeError(`no operation ${operationIndex} in workload "${workload.name}"`);
    return plan;
  }
  return {
    next: function next(operationIndex, captured) {
      return planOf(operationIndex).next(captured);
    },
    isStatic: function isStatic(operationIndex) {
      return planOf(operationIndex).isStatic;
    },
    needsCaptures: function needsCaptures(operationIndex) {
      return planOf(operationIndex).needs;
    },
  };
}
