import { useUser } from '@clerk/expo';
import { useState } from 'react';

import { classifyAuthError, problemMessage } from '../auth/authErrors';

export type PasskeyMessage = { tone: 'info' | 'error'; text: string } | null;

/**
 * The signed-in user's passkeys through Clerk (`user.passkeys`, `user.createPasskey()`,
 * `passkey.delete()`); the user is reloaded after each change so the list is Clerk's own.
 */
export function usePasskeys() {
  const { isLoaded, user } = useUser();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<PasskeyMessage>(null);
  const [added, setAdded] = useState(false);

  const run = async (name: string, work: () => Promise<string>) => {
    if (!user || busy !== null) return;
    setBusy(name);
    setMessage(null);
    try {
      const done = await work();
      await user.reload();
      setMessage({ tone: 'info', text: done });
    } catch (error) {
      const problem = classifyAuthError(error);
      setMessage(
        problem.kind === 'cancelled'
          ? { tone: 'info', text: 'Adding a passkey was cancelled.' }
          : { tone: 'error', text: problemMessage(problem) },
      );
    } finally {
      setBusy(null);
    }
  };

  return {
    isLoaded,
    passkeys: user?.passkeys ?? [],
    /** A passkey was added in this screen's lifetime (the offer then says so and stays). */
    added,
    busy,
    message,
    add: () =>
      void run('add', async () => {
        if (!user) return '';
        await user.createPasskey();
        setAdded(true);
        return 'Passkey added. You can now sign in with it.';
      }),
    remove: (id: string) =>
      void run(id, async () => {
        const passkey = user?.passkeys.find((candidate) => candidate.id === id);
        await passkey?.delete();
        return 'Passkey removed.';
      }),
  };
}
