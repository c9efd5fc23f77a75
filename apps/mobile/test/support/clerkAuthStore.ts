import { act } from '@testing-library/react-native';
import { useSyncExternalStore } from 'react';

export type FakeAuthState = {
  isLoaded: boolean;
  isSignedIn: boolean | undefined;
  userId?: string | null;
};

/**
 * A stand-in for Clerk's auth state that mocked hooks read, so a test can sign the user out
 * mid-render the way Clerk does (every subscriber re-renders).
 */
export function createAuthStore(initial: FakeAuthState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    use: () =>
      useSyncExternalStore(
        (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        () => state,
      ),
    set(next: FakeAuthState) {
      act(() => {
        state = next;
        listeners.forEach((listener) => listener());
      });
    },
    get: () => state,
  };
}
