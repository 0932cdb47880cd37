// `loadlens capacity --config a.yaml --config b.yaml`: the same capacity search against each deployment
// configuration, each started by the launcher and stopped afterwards — the "users and cost per instance
// size" table the e-mission authors asked for.
import type { Capacity } from '@loadlens/types';
import { launch } from '../launcher/launch.ts';
import { loadDeployment } from '../launcher/load-deployment.ts';
import { targetUrl } from '../target-url.ts';
import { type CapacityOptions, runCapacity } from './run-capacity.ts';

export interface ConfigCapacity {
  /** The deployment's name. */
  name: string;
  file: string;
  capacity: Capacity;
}

/**
 * Runs the search once per deployment file, one at a time (they would compete for the same cores).
 * A deployment's own `instance` price wins over the workload's.
 * @example await compareConfigs(['small.yaml', 'large.yaml'], { workload, requests, slo, ... })
 */
export async function compareConfigs(
  files: readonly string[],
  options: Omit<CapacityOptions, 'target'>,
  onConfig?: (name: string, url: string) => void,
): Promise<ConfigCapacity[]> {
  // Every file is read and validated before anything starts, so a typo in the last one costs no runs.
  const deployments = await Promise.all(files.map((file) => loadDeployment(file)));
  const results: ConfigCapacity[] = [];
  for (const [i, deployment] of deployments.entries()) {
    if (options.signal?.aborted) break;
    const target = await launch(deployment);
    try {
      onConfig?.(deployment.name, target.url);
      const instance = deployment.instance ?? options.instance ?? options.workload.instance;
      const capacity = await runCapacity({
        ...options,
        target: targetUrl(target.url),
        ...(instance ? { instance } : {}),
      });
      results.push({ name: deployment.name, file: files[i] as string, capacity });
    } finally {
      await target.stop();
    }
  }
  return results;
}
