import { defineConfig } from 'vitest/config'

// Two projects: fast pure unit tests next to the code, and integration tests that talk to
// the real Kafka, Postgres and Redis started by `./leadflow infra up`.
export default defineConfig({
  test: {
    // Integration suites share one broker and database server; run files one at a time.
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['libs/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'tools/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'libs/*/test/**/*.int.test.ts',
            'services/*/test/**/*.int.test.ts',
            'tools/test/**/*.int.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
