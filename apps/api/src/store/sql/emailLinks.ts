import { and, count, eq, gt, isNull, lt, lte, min, or, sql } from 'drizzle-orm';
import type { EmailLinkClaim, EmailLinkInput, EmailLinkQuota, EmailLinkSaved } from '../port.js';
import { refusedClaim } from '../emailLinkRefusal.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { emailLinks } from './schema.js';
import { insertEvents, lockLiveUser } from './securityEvents.js';

// Advisory-lock namespace of per-address link quotas (sessions use 7_301).
const quotaLockNamespace = 7_302;

/**
 * `Store.saveEmailLink`. The quota key's advisory lock, held until commit, makes "count, then
 * insert" one step: under READ COMMITTED two requests would otherwise both see room for one.
 */
export function saveEmailLink(
  db: SqlExecutor,
  link: EmailLinkInput,
  quota: EmailLinkQuota,
): Promise<EmailLinkSaved> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${sql.raw(String(quotaLockNamespace))}, hashtext(${quota.key}))`,
    );
    const [recent] = await tx
      .select({ n: count(), oldestAt: min(emailLinks.createdAt) })
      .from(emailLinks)
      .where(and(eq(emailLinks.quotaKey, quota.key), gt(emailLinks.createdAt, quota.since)));
    if (recent && recent.n >= quota.max) {
      return { saved: false, oldestAt: recent.oldestAt ?? link.createdAt };
    }
    await tx.insert(emailLinks).values({ ...link, quotaKey: quota.key });
    return { saved: true };
  });
}

export async function claimEmailLink(
  db: SqlExecutor,
  input: { tokenHash: string; codeChallenge: string; claimId: string; now: Date; leaseUntil: Date },
): Promise<EmailLinkClaim> {
  const { tokenHash, codeChallenge, claimId, now, leaseUntil } = input;
  // One conditional UPDATE decides: of concurrent claims, the row lock lets one through and
  // the others re-check the WHERE against the claimed row and match nothing.
  const [claimed] = await db
    .update(emailLinks)
    .set({ claimId, claimedUntil: leaseUntil })
    .where(
      and(
        eq(emailLinks.tokenHash, tokenHash),
        eq(emailLinks.codeChallenge, codeChallenge),
        isNull(emailLinks.usedAt),
        gt(emailLinks.expiresAt, now),
        or(isNull(emailLinks.claimedUntil), lte(emailLinks.claimedUntil, now)),
      ),
    )
    .returning({ email: emailLinks.email });
  if (claimed) return { status: 'claimed', email: claimed.email };

  const [row] = await db.select().from(emailLinks).where(eq(emailLinks.tokenHash, tokenHash));
  return refusedClaim(row, codeChallenge, now);
}

export async function completeEmailLink(
  db: SqlExecutor,
  tokenHash: string,
  claimId: string,
  now: Date,
  clerkUserId?: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(emailLinks)
      .set({ usedAt: now, claimedUntil: null })
      .where(
        and(
          eq(emailLinks.tokenHash, tokenHash),
          eq(emailLinks.claimId, claimId),
          isNull(emailLinks.usedAt),
        ),
      )
      .returning({ tokenHash: emailLinks.tokenHash });
    if (done.length === 0) return false;
    const userId = clerkUserId === undefined ? undefined : await lockLiveUser(tx, clerkUserId);
    if (userId !== undefined) {
      await insertEvents(tx, userId, [{ type: 'email_link.redeemed', at: now }]);
    }
    return true;
  });
}

export async function releaseEmailLink(
  db: SqlExecutor,
  tokenHash: string,
  claimId: string,
): Promise<void> {
  await db
    .update(emailLinks)
    .set({ claimId: null, claimedUntil: null })
    .where(
      and(
        eq(emailLinks.tokenHash, tokenHash),
        eq(emailLinks.claimId, claimId),
        isNull(emailLinks.usedAt),
      ),
    );
}

export async function purgeEmailLinks(db: SqlExecutor, expiredBefore: Date): Promise<number> {
  const gone = await db
    .delete(emailLinks)
    .where(lt(emailLinks.expiresAt, expiredBefore))
    .returning({ tokenHash: emailLinks.tokenHash });
  return gone.length;
}
