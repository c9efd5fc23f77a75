import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

import { queryClient } from '../services/queryClient';
import { wireQueryManagers } from '../services/queryManagers';

/** Server state for the whole app: one cache, refetched when the app returns or the network does. */
export function QueryProvider({ children }: { children: ReactNode }) {
  // Wired before the first child renders (an effect would run after the children's first fetch),
  // so a cold start without a network pauses its queries instead of failing them.
  useState(wireQueryManagers);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
