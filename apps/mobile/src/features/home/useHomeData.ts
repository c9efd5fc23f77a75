import { useAuth } from '@clerk/expo';
import { useQuery } from '@tanstack/react-query';

import type { Portfolio, SubscriptionResponse, User } from '@assetra/shared';

import { getApi } from '../../services/assetraApi';
import { userKey } from '../../services/queryClient';

export type HomeData = { user: User; portfolio: Portfolio; subscription: SubscriptionResponse };

/**
 * The user, portfolio and subscription, read together and cached per Clerk user: refetched when
 * the app returns to the front or the network comes back; a failed refetch keeps the last data.
 */
export function useHomeData() {
  const { userId } = useAuth();
  return useQuery({
    queryKey: userKey(userId ?? 'none', 'home'),
    enabled: typeof userId === 'string',
    queryFn: async (): Promise<HomeData> => {
      const api = getApi();
      const [me, portfolio, subscription] = await Promise.all([
        api.getMe(),
        api.getPortfolio(),
        api.getSubscription(),
      ]);
      return { user: me.user, portfolio: portfolio.portfolio, subscription };
    },
  });
}
