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

// The end-to-end web build swaps Clerk's client SDK for a double that signs in through the local
// Clerk stand-in. Only when this variable is set; test/export checks production bundles lack it.
const clerkDouble = new Map(
  process.env.ASSETRA_E2E_CLERK_DOUBLE === '1'
    ? [
        ['@clerk/expo', 'e2e/double/clerkExpo.tsx'],
        ['@clerk/expo/apple', 'e2e/double/apple.ts'],
        ['@clerk/expo/passkeys', 'e2e/double/passkeys.ts'],
        ['@clerk/expo/token-cache', 'e2e/double/tokenCache.ts'],
      ].map(([name, file]) => [name, path.resolve(__dirname, file)])
    : [],
);

const upstream = config.resolver.resolveRequest;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  const double = clerkDouble.get(moduleName);
  if (double) return { type: 'sourceFile', filePath: double };
  const fromShared = context.originModulePath.startsWith(sharedSrc);
  const name =
    fromShared && /^\.{1,2}\/.*\.js$/.test(moduleName) ? moduleName.slice(0, -3) : moduleName;
  return upstream
    ? upstream(context, name, platform)
    : context.resolveRequest(context, name, platform);
};

module.exports = config;
