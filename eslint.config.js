import globals from 'globals';
import tseslint from 'typescript-eslint';

import { base, envOnlyIn, javascriptFiles, relaxedFor } from './eslint.base.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/coverage/**',
      'apps/mobile/**',
    ],
  },
  ...base,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  envOnlyIn(['apps/api/src/config.ts'], ['apps/api/src/**', 'packages/shared/src/**']),
  relaxedFor(['**/test/**', '**/*.test.ts', '**/bench/**', '**/cli.ts', '**/scripts/**']),
  javascriptFiles,
);
