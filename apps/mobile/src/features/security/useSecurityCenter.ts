import { useAuth } from '@clerk/expo';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { getApi } from '../../services/assetraApi';
import { userKey } from '../../services/queryClient';

/** Events per page of "Recent activity". */
export const ACTIVITY_PAGE_SIZE = 10;

function useUserKey(...rest: string[]) {
  const { userId } = useAuth();
  return { key: userKey(userId ?? 'none', ...rest), enabled: typeof userId === 'string' };
}

/** Where the user is signed in, cached per Clerk user like home's data. */
export function useSessions() {
  const { key, enabled } = useUserKey('sessions');
  return useQuery({ queryKey: key, enabled, queryFn: () => getApi().listSessions() });
}

/** The account's security events, newest first, one page at a time (`next` is the cursor). */
export function useSecurityEvents() {
  const { key, enabled } = useUserKey('security-events');
  return useInfiniteQuery({
    queryKey: key,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      getApi().getSecurityEvents({
        limit: ACTIVITY_PAGE_SIZE,
        ...(pageParam === null ? {} : { before: pageParam }),
      }),
    getNextPageParam: (last) => last.next,
  });
}

/**
 * Signing sessions out changes both lists (the session goes, an event is added): both are
 * refetched after success. A failure (a 502 included) is the mutation's error, shown where
 * it was asked; only a 401 ends this device's own session (the API client's rule).
 */
export function useSessionActions() {
  const queryClient = useQueryClient();
  const sessions = useUserKey('sessions').key;
  const events = useUserKey('security-events').key;
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: sessions }),
      queryClient.invalidateQueries({ queryKey: events }),
    ]);
  };
  const signOutOne = useMutation({
    mutationFn: (sessionId: string) => getApi().signOutSession(sessionId),
    onSuccess: refresh,
  });
  const signOutOthers = useMutation({
    mutationFn: () => getApi().signOutOtherSessions(),
    onSuccess: refresh,
  });
  return { signOutOne, signOutOthers };
}
