// Expo's Metro config for the monorepo. packages/shared is bundled from its TypeScript sources
// (its `@assetra/source` export condition), whose NodeNext-style imports end in `.js`.
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
const sharedSrc = path.resolve(__dirname, '../../packages/shared/src') + path.sep;

config.resolver.unstable_conditionNames = [
  '@assetra/source',
  ...(config.resolver.unstable_conditionNames ?? []),
];

// The end-to-end web build (ASSETRA_E2E_DOUBLES=1, `npm run build:e2e`) swaps two edges for the
// doubles in e2e/double/: Clerk's client SDK, for one that signs in through the local Clerk
// stand-in, and the device-owner auth of the app lock, for a prompt the browser test answers.
// test/export checks that production bundles contain neither.
const e2eBuild = process.env.ASSETRA_E2E_DOUBLES === '1';
const inApp = (file) => path.resolve(__dirname, file);
const packageDoubles = new Map(
  e2eBuild
    ? [
        ['@clerk/expo', 'e2e/double/clerkExpo.tsx'],
        ['@clerk/expo/apple', 'e2e/double/apple.ts'],
        ['@clerk/expo/passkeys', 'e2e/double/passkeys.ts'],
        ['@clerk/expo/token-cache', 'e2e/double/tokenCache.ts'],
      ].map(([name, file]) => [name, inApp(file)])
    : [],
);
// App modules, by resolved path: every import of the real file gets the double, except the
// double's own (it re-exports what it does not replace).
const fileDoubles = new Map(
  e2eBuild
    ? [['src/features/lock/deviceOwnerAuth.ts', 'e2e/double/deviceOwnerAuth.ts']].map(
        ([real, double]) => [inApp(real), inApp(double)],
      )
    : [],
);

const upstream = config.resolver.resolveRequest;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  const double = packageDoubles.get(moduleName);
  if (double) return { type: 'sourceFile', filePath: double };
  const fromShared = context.originModulePath.startsWith(sharedSrc);
  const name =
    fromShared && /^\.{1,2}\/.*\.js$/.test(moduleName) ? moduleName.slice(0, -3) : moduleName;
  const resolution = upstream
    ? upstream(context, name, platform)
    : context.resolveRequest(context, name, platform);
  const fileDouble = resolution.type === 'sourceFile' && fileDoubles.get(resolution.filePath);
  return fileDouble && fileDouble !== context.originModulePath
    ? { type: 'sourceFile', filePath: fileDouble }
    : resolution;
};

module.exports = config;
