import { defineConfig } from 'vitest/config';

// One runner for every Node workspace, so `npm test` prints a single summary.
export default defineConfig({
  test: {
    projects: [
      'packages/shared',
      'packages/clerk-emulator',
      'apps/api',
      // The repository's own scripts, such as the Markdown link check.
      { test: { name: 'repo', environment: 'node', include: ['scripts/**/*.test.ts'] } },
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // One worker per core. Vitest's default leaves one core to itself (one worker on a 2-core
    // machine), but most test files wait on sockets and databases as much as they compute.
    maxWorkers: '100%',
  },
});
