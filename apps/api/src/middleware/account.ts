import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors.js';
import type { Provisioning } from '../services/provisioning.js';
import { AccountDeletedError, type UserRecord } from '../store/port.js';

/** Refuses tombstoned (401) and disabled (403) accounts, in the contract's order of checks. */
export function assertUsable(user: UserRecord) {
  if (user.deletedAt !== null) throw new AccountDeletedError();
  if (!user.isActive) throw new HttpError('account_disabled');
}

/** Requests that change nothing may see account state up to the account cache's TTL old. */
export const isReadOnly = (req: Request) => req.method === 'GET' || req.method === 'HEAD';

/** After authenticate(): provisions the caller on first sight and checks the account's state. */
export function requireAccount(provisioning: Provisioning) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const session = req.user;
    if (!session) throw new Error('requireAccount() must follow authenticate()');
    const user = await provisioning.ensureUser(
      { clerkUserId: session.clerkUserId, email: session.email },
      { cached: isReadOnly(req) },
    );
    assertUsable(user);
    req.account = user;
    next();
  };
}

/** The account requireAccount() loaded; a route without it is a wiring bug. */
export function accountOf(req: Request): UserRecord {
  if (!req.account) throw new Error('route is missing requireAccount()');
  return req.account;
}
