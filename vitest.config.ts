import { defineConfig } from 'vitest/config';

// One runner for every Node workspace, so `npm test` prints a single summary.
export default defineConfig({
  test: {
    projects: ['packages/shared', 'packages/clerk-emulator', 'apps/api'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
