import type { EmailLinkDocument, EmailLinkQuotaDocument } from '../../models/EmailLink.js';
import type { EmailLinkClaim, EmailLinkInput, EmailLinkQuota, EmailLinkSaved } from '../port.js';
import { refusedClaim } from '../emailLinkRefusal.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { dropStampsUpTo, pushStamp, setOnInsert, setValues } from './pipelines.js';
import { insertEvents, liveUserId } from './securityEvents.js';

/**
 * `Store.saveEmailLink`. The quota key's document takes a slot with one conditional
 * `$push` ("fewer than `max` stamps"), atomic without transactions; stamps outside the window
 * are pulled first. A stamp whose link then fails to insert stays: it errs toward limiting.
 */
export async function saveEmailLink(
  h: MongoHandle,
  w: Write,
  link: EmailLinkInput,
  quota: EmailLinkQuota,
): Promise<EmailLinkSaved> {
  const { createdAt } = link;
  // The quota document's `email` is the quota key (the canonical address), not the link's.
  const email = quota.key;
  const quotas = await guarded<EmailLinkQuotaDocument>(h, w, h.emailLinkQuotas);
  try {
    await quotas.updateOne({ email }, [setOnInsert({ stamps: [], updatedAt: createdAt })], true);
  } catch (err) {
    // A concurrent request created it first, which is all this step wants.
    if (!isDuplicateKey(err)) throw err;
  }
  await quotas.updateOne({ email }, [dropStampsUpTo(quota.since)]);
  const slot = await quotas.updateOne(
    { email, [`stamps.${String(quota.max - 1)}`]: { $exists: false } },
    [pushStamp(createdAt)],
  );
  if (slot.matchedCount === 0) {
    const current = await h.emailLinkQuotas.findOne({ email }).lean();
    const inWindow = (current?.stamps ?? []).filter((stamp) => stamp > quota.since);
    const oldest = Math.min(...inWindow.map((stamp) => stamp.getTime()));
    return { saved: false, oldestAt: Number.isFinite(oldest) ? new Date(oldest) : createdAt };
  }
  const unused = { usedAt: null, claimId: null, claimedUntil: null };
  const doc: EmailLinkDocument = { ...link, ...unused };
  await (await guarded<EmailLinkDocument>(h, w, h.emailLinks)).insertOne(doc);
  return { saved: true };
}

/** `Store.claimEmailLink`: one `findOneAndUpdate` decides, so two concurrent claims get one. */
export async function claimEmailLink(
  h: MongoHandle,
  w: Write,
  input: { tokenHash: string; codeChallenge: string; claimId: string; now: Date; leaseUntil: Date },
): Promise<EmailLinkClaim> {
  const { tokenHash, codeChallenge, claimId, now, leaseUntil } = input;
  const links = await guarded<EmailLinkDocument>(h, w, h.emailLinks);
  const { doc: claimed } = await links.findOneAndUpdate(
    {
      tokenHash,
      codeChallenge,
      usedAt: null,
      expiresAt: { $gt: now },
      $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }],
    },
    [setValues({ claimId, claimedUntil: leaseUntil })],
  );
  if (claimed) return { status: 'claimed', email: claimed.email };

  const row = await h.emailLinks.findOne({ tokenHash }).lean();
  return refusedClaim(row, codeChallenge, now);
}

export async function completeEmailLink(
  h: MongoHandle,
  w: Write,
  tokenHash: string,
  claimId: string,
  now: Date,
  clerkUserId?: string,
): Promise<boolean> {
  const links = await guarded<EmailLinkDocument>(h, w, h.emailLinks);
  const done = await links.updateOne({ tokenHash, claimId, usedAt: null }, [
    setValues({ usedAt: now, claimedUntil: null }),
  ]);
  if (done.matchedCount === 0) return false;
  // Single use makes this once per link; without a transaction across the two writes, a
  // crash between them loses the event, never doubles it.
  const userId =
    clerkUserId === undefined ? undefined : await liveUserId(h, clerkUserId, undefined);
  if (userId) {
    await insertEvents(h, w, userId, [{ type: 'email_link.redeemed', at: now }]);
  }
  return true;
}

export async function releaseEmailLink(
  h: MongoHandle,
  w: Write,
  tokenHash: string,
  claimId: string,
): Promise<void> {
  const links = await guarded<EmailLinkDocument>(h, w, h.emailLinks);
  await links.updateOne({ tokenHash, claimId, usedAt: null }, [
    setValues({ claimId: null, claimedUntil: null }),
  ]);
}

/** The TTL index does this too, within a minute or so; this is for callers that purge now. */
export async function purgeEmailLinks(
  h: MongoHandle,
  w: Write,
  expiredBefore: Date,
): Promise<number> {
  const links = await guarded(h, w, h.emailLinks);
  const gone = await links.deleteMany({ expiresAt: { $lt: expiredBefore } });
  return gone.deletedCount;
}
