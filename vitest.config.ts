import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // RDKit WASM is heavy; a few forks keep memory bounded on 2 cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
