import type { EmailLinkClaim, EmailLinkInput, EmailLinkQuota, EmailLinkSaved } from '../port.js';
import { refusedClaim } from '../emailLinkRefusal.js';
import type { MongoHandle } from './connection.js';
import { isDuplicateKey } from './errors.js';
import { insertEvents, liveUserId } from './securityEvents.js';

/**
 * `Store.saveEmailLink`. The quota key's document takes a slot with one conditional
 * `$push` ("fewer than `max` stamps"), atomic without transactions; stamps outside the window
 * are pulled first. A stamp whose link then fails to insert stays: it errs toward limiting.
 */
export async function saveEmailLink(
  h: MongoHandle,
  link: EmailLinkInput,
  quota: EmailLinkQuota,
): Promise<EmailLinkSaved> {
  await h.ready();
  const { createdAt } = link;
  // The quota document's `email` is the quota key (the canonical address), not the link's.
  const email = quota.key;
  try {
    await h.emailLinkQuotas.updateOne(
      { email },
      { $setOnInsert: { stamps: [], updatedAt: createdAt } },
      { upsert: true },
    );
  } catch (err) {
    // A concurrent request created it first, which is all this step wants.
    if (!isDuplicateKey(err)) throw err;
  }
  await h.emailLinkQuotas.updateOne({ email }, { $pull: { stamps: { $lte: quota.since } } });
  const slot = await h.emailLinkQuotas.updateOne(
    { email, [`stamps.${String(quota.max - 1)}`]: { $exists: false } },
    { $push: { stamps: createdAt }, $set: { updatedAt: createdAt } },
  );
  if (slot.matchedCount === 0) {
    const current = await h.emailLinkQuotas.findOne({ email }).lean();
    const inWindow = (current?.stamps ?? []).filter((stamp) => stamp > quota.since);
    const oldest = Math.min(...inWindow.map((stamp) => stamp.getTime()));
    return { saved: false, oldestAt: Number.isFinite(oldest) ? new Date(oldest) : createdAt };
  }
  await h.emailLinks.create(link);
  return { saved: true };
}

/** `Store.claimEmailLink`: one `findOneAndUpdate` decides, so two concurrent claims get one. */
export async function claimEmailLink(
  h: MongoHandle,
  input: { tokenHash: string; codeChallenge: string; claimId: string; now: Date; leaseUntil: Date },
): Promise<EmailLinkClaim> {
  await h.ready();
  const { tokenHash, codeChallenge, claimId, now, leaseUntil } = input;
  const claimed = await h.emailLinks
    .findOneAndUpdate(
      {
        tokenHash,
        codeChallenge,
        usedAt: null,
        expiresAt: { $gt: now },
        $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
      },
      { $set: { claimId, claimedUntil: leaseUntil } },
    )
    .lean();
  if (claimed) return { status: 'claimed', email: claimed.email };

  const row = await h.emailLinks.findOne({ tokenHash }).lean();
  return refusedClaim(row, codeChallenge, now);
}

export async function completeEmailLink(
  h: MongoHandle,
  tokenHash: string,
  claimId: string,
  now: Date,
  clerkUserId?: string,
): Promise<boolean> {
  await h.ready();
  const done = await h.emailLinks.updateOne(
    { tokenHash, claimId, usedAt: null },
    { $set: { usedAt: now, claimedUntil: null } },
  );
  if (done.matchedCount === 0) return false;
  // Single use makes this once per link; without a transaction across the two writes, a
  // crash between them loses the event, never doubles it.
  const userId =
    clerkUserId === undefined ? undefined : await liveUserId(h, clerkUserId, undefined);
  if (userId) {
    await insertEvents(h, userId, [{ type: 'email_link.redeemed', at: now }], undefined);
  }
  return true;
}

export async function releaseEmailLink(
  h: MongoHandle,
  tokenHash: string,
  claimId: string,
): Promise<void> {
  await h.ready();
  await h.emailLinks.updateOne(
    { tokenHash, claimId, usedAt: null },
    { $set: { claimId: null, claimedUntil: null } },
  );
}

/** The TTL index does this too, within a minute or so; this is for callers that purge now. */
export async function purgeEmailLinks(h: MongoHandle, expiredBefore: Date): Promise<number> {
  await h.ready();
  const gone = await h.emailLinks.deleteMany({ expiresAt: { $lt: expiredBefore } });
  return gone.deletedCount;
}
