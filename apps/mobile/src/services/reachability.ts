import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

import { ApiError, NetworkError } from './apiErrors';

/**
 * Why the API gave no usable answer, as the user can act on it: no network at all (NetInfo),
 * or Assetra itself down (refused, timed out, 5xx). Anything else is a real answer: `null`.
 */
export type Unreachable = 'offline' | 'unavailable';

export function unreachableReason(error: unknown, online: boolean): Unreachable | null {
  if (error instanceof NetworkError) return online ? 'unavailable' : 'offline';
  if (error instanceof ApiError && error.status >= 500) return 'unavailable';
  return null;
}

/** NetInfo's connectivity as TanStack Query's `onlineManager` sees it. */
export function useIsOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}
