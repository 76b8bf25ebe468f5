import { defineConfig } from 'vitest/config';

/**
 * One run, several kinds of tests. Integration and e2e tests share one in-memory DynamoDB
 * Local started by the global setup (killed by PID at teardown); each test file makes its own
 * table, so files can run in parallel without seeing each other's data.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
