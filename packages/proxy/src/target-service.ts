// The service name a started Node command will report, known before its first push so the proxy's own
// stage rows carry the same `service_name` from the first request (the preload's rule, shared).
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);
const { serviceName } = require('../preload/service-name.cjs') as {
  serviceName: (env: NodeJS.ProcessEnv, argv: readonly string[]) => string;
};

/**
 * The name the preload will pick for `node [flags] script.js …`, or undefined for other commands.
 * @example commandServiceName(['node', 'apps/tripstore/bin/tripstore.js']) // 'tripstore'
 */
export function commandServiceName(command: readonly string[]): string | undefined {
  const [first, ...rest] = command;
  if (first === undefined || !/^node(js|\d+)?$/.test(basename(first))) return undefined;
  const script = rest.find((arg) => !arg.startsWith('-'));
  return script === undefined ? undefined : serviceName({}, [first, script]);
}
