// expo-router/testing-library registers these matchers at runtime but ships no types for them.
// Augmenting jest's namespace needs `interface` (declaration merging).
export {};

/* eslint-disable @typescript-eslint/consistent-type-definitions */
declare global {
  namespace jest {
    interface Matchers<R> {
      toHavePathname(pathname: string): R;
      toHaveSegments(segments: string[]): R;
      toHaveSearchParams(params: Record<string, string | string[]>): R;
    }
  }
}
