import { createClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { withTimeout } from '../timeout.js';
import { clerkAccountCalls, type ClerkAccountCalls } from './clerkAccounts.js';

export type { ClerkSession } from './clerkAccounts.js';

/** What the API asks of Clerk's Backend API, behind one seam so tests use the real SDK. */
export type ClerkGateway = ClerkAccountCalls & {
  /** The user's primary email; null when Clerk has none, or no such user (404). Throws when Clerk fails. */
  primaryEmail(clerkUserId: string): Promise<string | null>;
  /** Deletes the Clerk user; a 404 counts as already deleted. Throws ClerkUnavailableError otherwise. */
  deleteUser(clerkUserId: string): Promise<void>;
  /**
   * A sign-in token (`ticket` strategy) for the user with this email, created first if Clerk
   * has none, with that user's id. Throws ClerkUnavailableError when Clerk fails.
   */
  signInTokenForEmail(
    email: string,
    expiresInSeconds: number,
  ): Promise<{ token: string; clerkUserId: string }>;
};

export class ClerkUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Clerk Backend API unavailable', { cause });
    this.name = 'ClerkUnavailableError';
  }
}

/** The SDK's requests take no AbortSignal: a late answer is ignored, not cancelled. */
const withinMs = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  withTimeout(promise, ms, () => {
    throw new ClerkUnavailableError(new Error(`timed out after ${ms} ms`));
  });

const isIdentifierTaken = (error: unknown) =>
  isClerkAPIResponseError(error) &&
  error.status === 422 &&
  error.errors.some((detail) => detail.code === 'form_identifier_exists');

export function createClerkGateway(options: {
  apiUrl: string;
  secretKey: string | undefined;
  timeoutMs?: number;
}): ClerkGateway {
  const { secretKey } = options;
  const timeoutMs = options.timeoutMs ?? 3000;
  const sdk = secretKey ? createClerkClient({ apiUrl: options.apiUrl, secretKey }) : undefined;
  const requireClient = () => {
    if (!sdk) throw new ClerkUnavailableError(new Error('CLERK_SECRET_KEY is not set'));
    return sdk;
  };
  // Every call within the budget; any failure is ClerkUnavailableError (its cause kept).
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await withinMs(call(), timeoutMs);
    } catch (error) {
      throw error instanceof ClerkUnavailableError ? error : new ClerkUnavailableError(error);
    }
  };
  return {
    ...clerkAccountCalls(requireClient, guard),
    async primaryEmail(clerkUserId) {
      const client = requireClient();
      try {
        const user = await withinMs(client.users.getUser(clerkUserId), timeoutMs);
        return user.primaryEmailAddress?.emailAddress ?? null;
      } catch (error) {
        if (isClerkAPIResponseError(error) && error.status === 404) return null;
        throw error instanceof ClerkUnavailableError ? error : new ClerkUnavailableError(error);
      }
    },
    async signInTokenForEmail(email, expiresInSeconds) {
      const client = requireClient();
      const userWithEmail = async () => {
        const found = await withinMs(
          client.users.getUserList({ emailAddress: [email], limit: 1 }),
          timeoutMs,
        );
        return found.data[0]?.id;
      };
      try {
        let userId = await userWithEmail();
        if (userId === undefined) {
          try {
            const created = await withinMs(
              client.users.createUser({ emailAddress: [email], skipPasswordRequirement: true }),
              timeoutMs,
            );
            userId = created.id;
          } catch (error) {
            // Another redemption (or a sign-up) created the user between the lookup and here.
            if (!isIdentifierTaken(error)) throw error;
            userId = await userWithEmail();
            if (userId === undefined) throw error;
          }
        }
        const signInToken = await withinMs(
          client.signInTokens.createSignInToken({ userId, expiresInSeconds }),
          timeoutMs,
        );
        return { token: signInToken.token, clerkUserId: userId };
      } catch (error) {
        throw error instanceof ClerkUnavailableError ? error : new ClerkUnavailableError(error);
      }
    },
    async deleteUser(clerkUserId) {
      const client = requireClient();
      try {
        await withinMs(client.users.deleteUser(clerkUserId), timeoutMs);
      } catch (error) {
        if (isClerkAPIResponseError(error) && error.status === 404) return;
        throw error instanceof ClerkUnavailableError ? error : new ClerkUnavailableError(error);
      }
    },
  };
}
