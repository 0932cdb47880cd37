// Reads a deployment configuration (.yaml/.yml/.json) for the launcher, validated against `deploymentSchema`;
// a relative `cwd` (and the default one) is the configuration file's own directory.
import path from 'node:path';
import {
  type Deployment,
  deploymentSchema,
  InputError,
  lineAndColumn,
  parseJson,
  parseOrThrow,
  readInputFile,
} from '@loadlens/types';
import { parseDocument } from 'yaml';

/**
 * Loads and validates a deployment file.
 * @example const deployment = await loadDeployment('deploy/small.yaml'); await launch(deployment)
 */
export async function loadDeployment(file: string): Promise<Deployment> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.yaml' && ext !== '.yml' && ext !== '.json')
    throw new InputError(`${file}: unknown deployment file type "${ext}": expected .yaml, .yml or .json`);
  const text = await readInputFile(file, 'deployment file');
  let value: unknown;
  if (ext === '.json') value = parseJson(text, file);
  else {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const { line, column } = lineAndColumn(text, first.pos[0]);
      throw new InputError(`${file}:${line}:${column}: invalid YAML: ${first.message.split('\n')[0]}`);
    }
    value = doc.toJS();
  }
  const deployment = parseOrThrow(deploymentSchema, value, file);
  return { ...deployment, cwd: path.resolve(path.dirname(file), deployment.cwd ?? '.') };
}
