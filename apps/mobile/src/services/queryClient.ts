import { QueryClient } from '@tanstack/react-query';

import { ApiError, NetworkError } from './apiErrors';

/** How many times a failed read is retried (network errors and 5xx only). */
export const MAX_RETRIES = 2;

/**
 * Retrying helps only when the failure may pass: no answer, or the server failing. A 401 / 403
 * is an answer about the session (the API client already handles 401), never retried.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (error instanceof NetworkError) return true;
  return error instanceof ApiError && error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * The app's one cache. Every key starts with `['user', clerkUserId]` (see `userKey`), and
 * `endSession` clears it, so nothing of one user is ever shown to the next.
 */
export const queryClient = createQueryClient();

export function userKey(userId: string, ...rest: string[]): readonly string[] {
  return ['user', userId, ...rest];
}
