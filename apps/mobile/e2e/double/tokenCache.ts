// assetra-e2e-clerk-double for `@clerk/expo/token-cache`: the double keeps its session in memory.
export const tokenCache = undefined;
