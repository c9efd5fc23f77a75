import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { base, envOnlyIn, javascriptFiles, relaxedFor } from '../../eslint.base.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-e2e/**',
      '.expo/**',
      'e2e/artifacts/**',
      'node_modules/**',
      'expo-env.d.ts',
    ],
  },
  ...base,
  {
    languageOptions: {
      globals: { ...globals.browser, __DEV__: 'readonly' },
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@react-native-async-storage/async-storage',
              message:
                'AsyncStorage is unencrypted: keep tokens and personal data in expo-secure-store.',
            },
          ],
          patterns: [
            {
              group: ['@react-native-async-storage/*'],
              message: 'AsyncStorage is unencrypted: use expo-secure-store.',
            },
          ],
        },
      ],
    },
  },
  envOnlyIn(['src/config.ts'], ['src/**', 'app/**']),
  {
    ...relaxedFor(['**/*.test.ts', '**/*.test.tsx', 'test/**', 'e2e/**', 'scripts/**'], {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    }),
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  javascriptFiles,
);
