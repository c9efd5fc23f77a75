import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EmailLinkBody, EmailLinkRedeemBody } from '@assetra/shared';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import type { Store } from '../store/port.js';
import { canonicalEmail } from './canonicalEmail.js';
import { ClerkUnavailableError, type ClerkGateway } from './clerk.js';
import { signInEmail } from './emailLinkMessage.js';
import { describeMailError, type Mailer } from './mailer.js';

const MINUTE = 60_000;
const LINK_VALID_MINUTES = 15;
/** The contract: at most 3 links per (canonical) address per hour, whoever asks. */
const PER_ADDRESS = { max: 3, windowMs: 60 * MINUTE };
/** Clerk's sign-in token: the app redeems it at once. */
const TICKET_SECONDS = 60;
/**
 * How long a redemption holds its link: longer than the Clerk calls can take (3 s timeout
 * each), short enough that a crashed process gives the link back soon.
 */
const CLAIM_LEASE_MS = 30_000;
/** Expired links stay this long (counting toward the limit, answering `link_expired`). */
const RETENTION_MS = 60 * MINUTE;
const PURGE_EVERY_MS = 10 * MINUTE;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

const refusal = {
  invalid: 'link_invalid',
  used: 'link_used',
  expired: 'link_expired',
} as const;

export type EmailLinks = {
  /** Stores a new link; the caller answers, then calls `deliver` (the email goes after). */
  request(body: EmailLinkBody): Promise<{ deliver: () => void }>;
  /** The Clerk sign-in token for the link's address, using the link up. */
  redeem(body: EmailLinkRedeemBody): Promise<string>;
};

/**
 * PKCE-bound email sign-in links. Requesting one never consults Clerk, so the answer (and its
 * timing) cannot tell a known address from an unknown one; Clerk is asked only at redemption.
 */
export function createEmailLinks(deps: {
  store: Store;
  clerk: ClerkGateway;
  mailer: Mailer;
  /** `EMAIL_LINK_URL`: the token is appended as `?token=`. */
  linkUrl: string;
  /** How an address appears in logs (addressTag.ts). */
  addressTag: (email: string) => string;
  logger: Logger;
  now?: () => number;
}): EmailLinks {
  const { store, clerk, mailer, linkUrl, addressTag, logger } = deps;
  const now = deps.now ?? Date.now;
  let lastPurgeAt = Number.NEGATIVE_INFINITY;

  /** Opportunistic, at most every 10 minutes per process, never holding a response. */
  function purgeInBackground(at: number) {
    if (at - lastPurgeAt < PURGE_EVERY_MS) return;
    lastPurgeAt = at;
    store.purgeEmailLinks(new Date(at - RETENTION_MS)).then(
      (purged) => {
        if (purged > 0) logger.info({ purged }, 'expired sign-in links purged');
      },
      (error: unknown) => {
        logger.warn({ err: { message: (error as Error).message } }, 'sign-in link purge failed');
      },
    );
  }

  async function deliver(target: Mailer, email: string, link: string, expiresAt: Date) {
    const tag = addressTag(email);
    try {
      await target.send(
        signInEmail({ to: email, link, expiresAt, validMinutes: LINK_VALID_MINUTES }),
      );
      logger.info({ address: tag }, 'sign-in email sent');
    } catch (error) {
      logger.warn({ address: tag, err: describeMailError(error) }, 'sign-in email not sent');
    }
  }

  return {
    async request({ email, codeChallenge }) {
      const at = now();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at + LINK_VALID_MINUTES * MINUTE);
      const saved = await store.saveEmailLink(
        { tokenHash: sha256(token), email, codeChallenge, createdAt: new Date(at), expiresAt },
        {
          key: canonicalEmail(email),
          max: PER_ADDRESS.max,
          since: new Date(at - PER_ADDRESS.windowMs),
        },
      );
      if (!saved.saved) {
        const wait = saved.oldestAt.getTime() + PER_ADDRESS.windowMs - at;
        throw new HttpError(
          'rate_limited',
          'Too many sign-in links for this address; retry later',
          {
            headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
          },
        );
      }
      purgeInBackground(at);
      const url = new URL(linkUrl);
      url.searchParams.set('token', token);
      return {
        deliver: () => {
          void deliver(mailer, email, url.toString(), expiresAt);
        },
      };
    },

    async redeem({ token, codeVerifier }) {
      const tokenHash = sha256(token);
      const claimId = randomUUID();
      const at = now();
      const claim = await store.claimEmailLink({
        tokenHash,
        codeChallenge: sha256(codeVerifier),
        claimId,
        now: new Date(at),
        leaseUntil: new Date(at + CLAIM_LEASE_MS),
      });
      if (claim.status !== 'claimed') throw new HttpError(refusal[claim.status]);

      let ticket: { token: string; clerkUserId: string };
      try {
        ticket = await clerk.signInTokenForEmail(claim.email, TICKET_SECONDS);
      } catch (error) {
        // Give the link back, so the user can simply try again.
        await store.releaseEmailLink(tokenHash, claimId).catch((releaseError: unknown) => {
          logger.warn(
            { err: { message: (releaseError as Error).message } },
            'sign-in link not released; usable again once its claim lapses',
          );
        });
        if (!(error instanceof ClerkUnavailableError)) throw error;
        logger.warn({ err: { message: error.message } }, 'Clerk failed during link redemption');
        throw new HttpError('upstream_unavailable', 'Could not sign you in right now; try again');
      }
      // Only the holder of the claim hands out its ticket: one that lost it (its lease lapsed
      // and another redemption took over) drops its ticket, which expires unused.
      const completed = await store.completeEmailLink(
        tokenHash,
        claimId,
        new Date(now()),
        ticket.clerkUserId,
      );
      if (!completed) throw new HttpError('link_used');
      return ticket.token;
    },
  };
}
