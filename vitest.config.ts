import { defineConfig } from 'vitest/config';

/**
 * One `vitest run`, three projects. Unit and infra tests need nothing running. Integration and
 * e2e tests share one in-memory DynamoDB Local started by `test/global-setup.ts` (killed by
 * PID at teardown, also when a test fails); each test file makes its own table, so files run
 * in parallel without seeing each other's data.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Each infra file synthesizes the app, bundling every function with esbuild: minutes on a busy 2-core machine.
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], hookTimeout: 300_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
