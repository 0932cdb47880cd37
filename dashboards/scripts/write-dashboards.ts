// `npm run generate -w @loadlens/dashboards`: writes grafana/*.json from the TypeScript builders,
// formatted by biome so that `biome check` passes on the committed files.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_FILES, dashboardJson } from '../src/index.ts';

const outDir = join(import.meta.dirname, '..', 'grafana');
for (const { file, build } of DASHBOARD_FILES) {
  writeFileSync(join(outDir, file), dashboardJson(build()));
  console.log(`wrote dashboards/grafana/${file}`);
}
execFileSync('biome', ['format', '--write', outDir], { stdio: 'inherit' });
