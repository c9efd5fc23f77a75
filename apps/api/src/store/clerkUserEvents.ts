import type { ClerkUserUpdate, NewSecurityEvent } from './port.js';

/** What the stored user knew before a Clerk user event. */
export type KnownUserState = {
  email: string | null;
  isActive: boolean;
  passkeyIds: string[] | null;
};

/**
 * The Security center events a newer Clerk `user.updated` implies, against the stored state:
 * account disabled/enabled (banned or locked at Clerk), primary email changed, passkeys added
 * or removed. Passkeys are compared only when both sides know them (the first event that
 * carries them records no additions). Shared by every adapter.
 */
export function clerkUserEvents(
  before: KnownUserState,
  update: ClerkUserUpdate,
  at: Date,
): NewSecurityEvent[] {
  const events: NewSecurityEvent[] = [];
  if (before.isActive !== update.isActive) {
    events.push({
      type: update.isActive ? 'account.enabled' : 'account.disabled',
      at,
      detail: { by: 'clerk' },
    });
  }
  if (before.email !== null && update.email !== null && before.email !== update.email) {
    events.push({ type: 'email.changed', at });
  }
  const now = update.passkeyIds;
  if (before.passkeyIds && now) {
    const was = new Set(before.passkeyIds);
    const is = new Set(now);
    for (const id of now) {
      if (!was.has(id)) events.push({ type: 'passkey.added', at, detail: { passkeyId: id } });
    }
    for (const id of before.passkeyIds) {
      if (!is.has(id)) events.push({ type: 'passkey.removed', at, detail: { passkeyId: id } });
    }
  }
  return events;
}
