// Shared vitest settings; each workspace's vitest.config.ts is one line that reuses them.
import { defineConfig } from 'vitest/config';

/**
 * The export condition under which the workspace packages resolve to their TypeScript sources
 * (published, they resolve to dist/). Vite replaces its default server conditions when given a list,
 * so the defaults (vite's `defaultServerConditions`) are repeated after it.
 */
export const sourceConditions = ['@loadlens/source', 'module', 'node', 'development|production'];

export const unitConfig = defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
