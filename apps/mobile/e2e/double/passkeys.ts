// assetra-e2e-clerk-double for `@clerk/expo/passkeys`.
export const passkeys = undefined;
