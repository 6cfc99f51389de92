import { defineConfig } from 'vitest/config'

// Three projects: fast pure unit tests next to the code, integration tests that talk to the
// real Kafka, Postgres and Redis started by `./leadflow infra up`, and the end-to-end suite.
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
          // Tests attach new consumer groups to the shared broker's topics: start at their end.
          env: { KAFKA_OFFSET_RESET: 'latest' },
        },
      },
      {
        // The six services as separate processes, driven only through their public surfaces.
        test: {
          name: 'e2e',
          include: ['test-e2e/**/*.e2e.test.ts'],
          // The flows share one running system and wait on it side by side.
          maxConcurrency: 16,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          env: { KAFKA_OFFSET_RESET: 'latest' },
        },
      },
    ],
  },
})
