// assetra-e2e-clerk-double for `@clerk/expo/apple`: the native Apple sheet does not exist on web.
export const useSignInWithApple = () => ({
  startAppleAuthenticationFlow: async () => Promise.resolve({ createdSessionId: null }),
});
