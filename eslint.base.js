import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The lint rules every workspace shares: eslint.config.js (API, packages, scripts) and
 * apps/mobile/eslint.config.mjs import this, then add their globals, parser options and
 * their own rules.
 */
export const base = [
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  prettier,
  {
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
];

/**
 * `process.env` is read in one place per app, its config.ts, which parses it (house style 13
 * and the API's config.ts): anywhere else in `files` it is an error. Tests, scripts and
 * benches lie outside `files` and may read it.
 */
export function envOnlyIn(configFiles, files) {
  return {
    files,
    ignores: [...configFiles, '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read the environment in config.ts only, and take the parsed value from there.',
        },
      ],
    },
  };
}

/** Tests, scripts and benches may log and assert non-null; vitest/jest matchers are `any`. */
export function relaxedFor(files, rules = {}) {
  return {
    files,
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      ...rules,
    },
  };
}

/** Plain JavaScript (config files, Node scripts): no type information, Node globals. */
export const javascriptFiles = {
  files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
  ...tseslint.configs.disableTypeChecked,
  languageOptions: {
    ...tseslint.configs.disableTypeChecked.languageOptions,
    globals: globals.node,
  },
  rules: {
    ...tseslint.configs.disableTypeChecked.rules,
    '@typescript-eslint/no-require-imports': 'off',
  },
};
