import type { EmailLinkClaim } from './port.js';

/** What a store reads back about a link its conditional claim did not match. */
export type UnclaimedLink = {
  codeChallenge: string;
  usedAt: Date | null | undefined;
  expiresAt: Date;
};

/**
 * Why a claim matched nothing, from the link as read right after. A wrong verifier is
 * `invalid` whatever the link's state, so it learns nothing; a link held by a redemption in
 * flight is, to this caller, as good as used.
 */
export function refusedClaim(
  link: UnclaimedLink | null | undefined,
  codeChallenge: string,
  now: Date,
): EmailLinkClaim {
  if (link?.codeChallenge !== codeChallenge) return { status: 'invalid' };
  if (link.usedAt) return { status: 'used' };
  if (link.expiresAt <= now) return { status: 'expired' };
  return { status: 'used' };
}
