import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type {
  NewSecurityEvent,
  SecurityEventPage,
  SecurityEventRecord,
  SignInInput,
  SignInNovelty,
} from '../port.js';
import { pageOf } from '../securityEventPage.js';
import { EARLIER_SIGN_INS, signInNoveltyOf } from '../signInNovelty.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { securityEvents, users, type SecurityEventRow } from './schema.js';

/**
 * The id of the live user with this Clerk id, share-locked until commit: a deletion waits for
 * the event this transaction writes (and erases it), or has committed and there is no user.
 */
export async function lockLiveUser(
  tx: SqlExecutor,
  clerkUserId: string,
): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.clerkUserId, clerkUserId), isNull(users.deletedAt)))
    .for('share');
  return row?.id;
}

export async function insertEvents(
  tx: SqlExecutor,
  userId: string,
  events: NewSecurityEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(securityEvents).values(
    events.map((event) => ({
      userId,
      type: event.type,
      at: event.at,
      device: event.device ?? null,
      detail: event.detail ?? {},
    })),
  );
}

export function toSecurityEventRecord(row: SecurityEventRow): SecurityEventRecord {
  return { id: row.id, type: row.type, at: row.at, device: row.device, detail: row.detail };
}

/** Compares a sign-in with the user's earlier ones since `since` (see SignInNovelty). */
export async function signInNovelty(
  tx: SqlExecutor,
  userId: string,
  input: SignInInput,
  since: Date,
): Promise<SignInNovelty> {
  const earlier = await tx
    .select({ device: securityEvents.device, at: securityEvents.at })
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), eq(securityEvents.type, 'sign_in')))
    .orderBy(desc(securityEvents.at))
    .limit(EARLIER_SIGN_INS);
  return signInNoveltyOf(earlier, input, since);
}

export async function listSecurityEvents(
  db: SqlExecutor,
  userId: string,
  page: { before?: { at: Date; id: string }; limit: number },
): Promise<SecurityEventPage> {
  const { before, limit } = page;
  const older = before
    ? or(
        lt(securityEvents.at, before.at),
        and(eq(securityEvents.at, before.at), sql`${securityEvents.id} < ${before.id}::uuid`),
      )
    : undefined;
  const rows = await db
    .select()
    .from(securityEvents)
    .where(and(eq(securityEvents.userId, userId), older))
    .orderBy(desc(securityEvents.at), desc(securityEvents.id))
    .limit(limit + 1);
  return pageOf(rows.map(toSecurityEventRecord), limit);
}

export async function claimNewDeviceEmail(
  db: SqlExecutor,
  clerkUserId: string,
  now: Date,
  since: Date,
): Promise<boolean> {
  const taken = await db
    .update(users)
    .set({ newDeviceEmailAt: now })
    .where(
      and(
        eq(users.clerkUserId, clerkUserId),
        isNull(users.deletedAt),
        or(isNull(users.newDeviceEmailAt), lt(users.newDeviceEmailAt, since)),
      ),
    )
    .returning({ id: users.id });
  return taken.length > 0;
}

export async function purgeSecurityEvents(db: SqlExecutor, before: Date): Promise<number> {
  const gone = await db
    .delete(securityEvents)
    .where(lt(securityEvents.at, before))
    .returning({ id: securityEvents.id });
  return gone.length;
}
