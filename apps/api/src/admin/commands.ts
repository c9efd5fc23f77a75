import { text } from '@assetra/shared';
import type { ClerkGateway } from '../services/clerk.js';
import type { SecurityEventRecord, Store, UserRecord } from '../store/port.js';
import { formatEvent, formatUser } from './format.js';

/** A failure the operator reads as one line (exit status 1). */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

export type AdminDeps = { store: Store; clerk: ClerkGateway; print: (line: string) => void };

export const USAGE =
  'usage: admin user show <clerkUserId|email> | user disable <clerkUserId> --reason <text> | ' +
  'user enable <clerkUserId> | user events <clerkUserId> [--json]';

const clerkDown = (what: string) =>
  new AdminError(`Clerk did not answer (${what}); nothing there changed, run the command again`);

async function liveUser(store: Store, clerkUserId: string): Promise<UserRecord> {
  const user = await store.findUserByClerkId(clerkUserId);
  if (!user) throw new AdminError(`no user ${clerkUserId} in this database`);
  if (user.deletedAt) throw new AdminError(`user ${clerkUserId} was deleted`);
  return user;
}

async function show(deps: AdminDeps, who: string) {
  let clerkUserId = who;
  if (who.includes('@')) {
    const found = await deps.clerk.userIdForEmail(who.trim().toLowerCase()).catch(() => {
      throw clerkDown('looking up the email');
    });
    if (found === null) throw new AdminError('no Clerk user has that email');
    clerkUserId = found;
  }
  const user = await deps.store.findUserByClerkId(clerkUserId);
  if (!user) throw new AdminError(`no user ${clerkUserId} in this database`);
  for (const line of formatUser(user)) deps.print(line);
}

/**
 * Disable: here first (every instance refuses the account within the 2 s bound, and its
 * sessions' tokens), with the reason in an `account.disabled` event; then Clerk's ban, which
 * ends every session there. Run again after a Clerk failure: no second event is recorded.
 */
async function disable(deps: AdminDeps, clerkUserId: string, reason: string) {
  await liveUser(deps.store, clerkUserId);
  const sessions = await deps.clerk.activeSessions(clerkUserId).catch(() => {
    throw clerkDown('listing sessions');
  });
  const sessionIds = sessions.map((session) => session.id);
  await deps.store.setAccountActive(clerkUserId, false, {
    detail: { by: 'operator', reason },
    sessionIds,
  });
  await deps.clerk.setBanned(clerkUserId, true).catch(() => {
    throw new AdminError('disabled here, but Clerk did not answer the ban; run the command again');
  });
  deps.print(`disabled ${clerkUserId}; ${String(sessionIds.length)} session(s) revoked`);
}

async function enable(deps: AdminDeps, clerkUserId: string) {
  await liveUser(deps.store, clerkUserId);
  await deps.store.setAccountActive(clerkUserId, true, {
    detail: { by: 'operator' },
    sessionIds: [],
  });
  await deps.clerk.setBanned(clerkUserId, false).catch(() => {
    throw new AdminError('enabled here, but Clerk did not answer the unban; run the command again');
  });
  deps.print(`enabled ${clerkUserId}`);
}

async function events(deps: AdminDeps, clerkUserId: string, json: boolean) {
  const user = await liveUser(deps.store, clerkUserId);
  const all: SecurityEventRecord[] = [];
  let page = await deps.store.listSecurityEvents(user.id, { limit: 50 });
  all.push(...page.events);
  while (page.next) {
    page = await deps.store.listSecurityEvents(user.id, { limit: 50, before: page.next });
    all.push(...page.events);
  }
  if (json) deps.print(JSON.stringify(all));
  else for (const event of all) deps.print(formatEvent(event));
}

/**
 * The contract's rule for every string it takes (packages/shared `text()`): no control
 * characters. A reason is stored, then printed to an operator's terminal by `user events`.
 */
function plain(what: string, value: string): string {
  if (!text().safeParse(value).success) {
    throw new AdminError(`${what} must not contain control characters`);
  }
  return value;
}

/** Runs one operator command; throws AdminError (or a store error) on failure. */
export async function runAdmin(deps: AdminDeps, args: string[]): Promise<void> {
  const [scope, command, given, ...rest] = args;
  if (scope !== 'user' || given === undefined || given === '') throw new AdminError(USAGE);
  const target = plain('the user', given);
  switch (command) {
    case 'show':
      return show(deps, target);
    case 'disable': {
      const at = rest.indexOf('--reason');
      const reason = at === -1 ? undefined : rest[at + 1]?.trim();
      if (!reason) throw new AdminError('user disable needs --reason <text>');
      return disable(deps, target, plain('the reason', reason));
    }
    case 'enable':
      return enable(deps, target);
    case 'events':
      return events(deps, target, rest.includes('--json'));
    default:
      throw new AdminError(USAGE);
  }
}
