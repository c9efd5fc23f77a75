import { defineProject, mergeConfig } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.js';

export default mergeConfig(
  nodeProject('api'),
  // Migrates a PGlite snapshot and a PostgreSQL template once per run (test/support/snapshots.ts).
  defineProject({ test: { globalSetup: ['test/support/globalSetup.ts'] } }),
);
