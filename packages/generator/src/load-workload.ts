// Reads a workload file (.json, .yaml/.yml, or .ts/.js exporting defineWorkload({...})) and validates it,
// so every problem is reported as one line naming the file and the place inside it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InputError,
  lineAndColumn,
  parseJson,
  parseOrThrow,
  type ResolvedWorkload,
  readInputFile,
  resolveWorkload,
  type Workload,
  workloadSchema,
} from '@loadlens/types';
import { parseDocument } from 'yaml';

export interface LoadedWorkload {
  /** The path as the user gave it, used in every message. */
  file: string;
  spec: Workload;
  resolved: ResolvedWorkload;
}

function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.pos[0]);
    const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${file}:${line}:${column}: invalid YAML: ${reason}`);
  }
  return doc.toJS();
}

async function importModule(file: string): Promise<unknown> {
  try {
    const module = (await import(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
    if (module.default === undefined)
      throw new InputError(`${file}: expected a default export, e.g. export default defineWorkload({...})`);
    return module.default;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot load workload module: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Parses the raw value of a workload file by its extension. */
export async function readWorkloadValue(file: string): Promise<unknown> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.js' || ext === '.mjs') return importModule(file);
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml')
    throw new InputError(`${file}: unknown workload file type "${ext}": expected .yaml, .yml, .json or .ts`);
  const text = await readInputFile(file, 'workload file');
  if (ext === '.json') return parseJson(text, file);
  return parseYamlText(text, file);
}

/**
 * Loads, validates and resolves a workload file.
 * @example const { resolved } = await loadWorkload('workload.yaml')
 */
export async function loadWorkload(file: string): Promise<LoadedWorkload> {
  const value = await readWorkloadValue(file);
  const spec = parseOrThrow(workloadSchema, value, file);
  return { file, spec, resolved: resolveWorkload(spec) };
}
