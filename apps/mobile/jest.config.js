const path = require('node:path');

const sharedEntry = path.resolve(__dirname, '../../packages/shared/src/index.ts');

/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  setupFiles: ['<rootDir>/test/setupEnv.js', '<rootDir>/test/setupNetInfo.js'],
  testMatch: ['<rootDir>/{src,app,test}/**/*.test.{ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist', '<rootDir>/e2e/'],
  moduleNameMapper: {
    // The app compiles the shared contract from source (its `@assetra/source` export condition).
    '^@assetra/shared$': sharedEntry,
    // …whose NodeNext-style relative imports end in `.js`; jest resolves them without it.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  clearMocks: true,
  // A first test in a file also pays for transforming its imports (seconds with a cold cache on
  // a 2-core machine that is running other tests): jest's default 5 s fails for that alone.
  testTimeout: 15_000,
};
