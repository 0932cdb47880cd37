// Shared vitest settings; each workspace's vitest.config.ts is one line that reuses them.
import { defineConfig } from 'vitest/config';

export const unitConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
