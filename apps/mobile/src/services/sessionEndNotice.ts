import { useSyncExternalStore } from 'react';

/** Why the last session ended; the sign-in screen says so instead of a silent sign-out. */
export type SessionEndReason = 'expired' | 'deleted' | 'signed-out';
export type SessionEndNotice = Exclude<SessionEndReason, 'signed-out'>;

let notice: SessionEndNotice | null = null;
const listeners = new Set<() => void>();

export function setSessionEndNotice(next: SessionEndNotice | null): void {
  if (next === notice) return;
  notice = next;
  listeners.forEach((listener) => listener());
}

/** Kept in memory only: it matters for the sign-in screen that follows, not after a restart. */
export function useSessionEndNotice(): SessionEndNotice | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => notice,
  );
}
