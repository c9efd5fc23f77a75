import type { ClerkEmulator } from '@assetra/clerk-emulator';

export type SignedIn = { userId: string; sessionId: string; token: string };

let users = 0;

/**
 * A new user of the Clerk stand-in, a session and a fresh session token for it: how every
 * test signs in, whichever way it started the API. `fva`: the session's factor ages.
 */
export async function signInTo(
  emulator: ClerkEmulator,
  email = `user${++users}-${Date.now()}@example.com`,
  options: { fva?: [number, number] } = {},
): Promise<SignedIn> {
  const user = emulator.instance.createUser({ emailAddress: [email] });
  const session = emulator.instance.createSession({
    userId: user.id,
    factorAgeMinutes: options.fva,
  });
  const { token } = await emulator.mintToken({ userId: user.id, sessionId: session.id });
  return { userId: user.id, sessionId: session.id, token };
}
