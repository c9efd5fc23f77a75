import { useAuth } from '@clerk/expo';
import { useQuery } from '@tanstack/react-query';

import { getApi } from '../../services/assetraApi';
import { userKey } from '../../services/queryClient';

/**
 * `POST /auth/bootstrap` (idempotent) once per signed-in user and process: the Assetra user
 * exists before any screen reads it, for a fresh sign-in and for a restored session alike.
 */
export function useBootstrap() {
  const { userId } = useAuth();
  return useQuery({
    queryKey: userKey(userId ?? 'none', 'bootstrap'),
    queryFn: () => getApi().bootstrap(),
    enabled: typeof userId === 'string',
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
