import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';

import { queryClient } from '../services/queryClient';
import { wireQueryManagers } from '../services/queryManagers';

/** Server state for the whole app: one cache, refetched when the app returns or the network does. */
export function QueryProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    wireQueryManagers();
  }, []);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
