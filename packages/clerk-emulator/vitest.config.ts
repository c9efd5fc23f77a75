import { mergeConfig } from 'vitest/config';
import { nodeProject } from '../../vitest.shared.js';

export default mergeConfig(nodeProject('clerk-emulator'), {
  test: { setupFiles: ['./test/conformance.ts'] },
});
