// The version printed by --version and recorded in run results, read from this package's manifest.
import { readFileSync } from 'node:fs';

export const LOADLENS_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
