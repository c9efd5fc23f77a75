import { ClerkError, notFound } from './errors.js';
import { clerkId, randomToken } from './ids.js';
import type { SignInTokenRecord } from './records.js';

/** Clerk's sign-in tokens: single-use tickets that expire, kept in memory only. */
export class SignInTokens {
  private readonly byToken = new Map<string, SignInTokenRecord>();

  constructor(private readonly now: () => number) {}

  create(userId: string, expiresInSeconds: number): SignInTokenRecord {
    const at = this.now();
    const record: SignInTokenRecord = {
      id: clerkId('sit'),
      userId,
      token: randomToken(48),
      status: 'pending',
      expiresAt: at + expiresInSeconds * 1000,
      createdAt: at,
      updatedAt: at,
    };
    this.byToken.set(record.token, record);
    return record;
  }

  /** Accepts a pending, unexpired ticket once; returns the user it signs in. */
  redeem(ticket: string): string {
    const record = this.byToken.get(ticket);
    if (record?.status !== 'pending') {
      throw new ClerkError(
        400,
        'ticket_invalid',
        'Sign-in ticket is invalid',
        'The ticket is unknown, used or revoked.',
      );
    }
    if (record.expiresAt <= this.now()) {
      throw new ClerkError(
        400,
        'ticket_expired',
        'Sign-in ticket has expired',
        'Ask for a new sign-in link.',
      );
    }
    record.status = 'accepted';
    record.updatedAt = this.now();
    return record.userId;
  }

  revoke(id: string): SignInTokenRecord {
    const record = [...this.byToken.values()].find((token) => token.id === id);
    if (!record) throw notFound('Sign-in token');
    if (record.status === 'pending') record.status = 'revoked';
    record.updatedAt = this.now();
    return record;
  }

  forgetUser(userId: string) {
    for (const record of this.byToken.values()) {
      if (record.userId === userId) this.byToken.delete(record.token);
    }
  }
}
