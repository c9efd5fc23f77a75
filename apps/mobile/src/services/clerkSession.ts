import { getClerkInstance } from '@clerk/expo';

/**
 * Clerk access outside React (the API client's interceptors). Tokens live 60 s; Clerk refreshes
 * them, so the token is read at request time and never stored by the app.
 */
export async function getSessionToken(options: { skipCache: boolean }): Promise<string | null> {
  const session = getClerkInstance().session;
  if (!session) return null;
  return session.getToken({ skipCache: options.skipCache });
}

export async function signOutOfClerk(): Promise<void> {
  await getClerkInstance().signOut();
}
