import { useCallback, useEffect, useRef, useState } from 'react';

import type { Portfolio, SubscriptionResponse, User } from '@assetra/shared';

import { describeApiError, NetworkError } from '../../services/apiErrors';
import { getApi } from '../../services/assetraApi';

export type HomeData = { user: User; portfolio: Portfolio; subscription: SubscriptionResponse };

export type HomeState =
  | { status: 'loading' }
  | { status: 'ready'; data: HomeData }
  | { status: 'error'; offline: boolean; message: string };

/** The user, portfolio and subscription, fetched together; offline is a state, not a sign-out. */
export function useHomeData() {
  const [state, setState] = useState<HomeState>({ status: 'loading' });
  const mounted = useRef(true);

  const fetchAll = useCallback(async () => {
    let next: HomeState;
    try {
      const api = getApi();
      const [me, portfolio, subscription] = await Promise.all([
        api.getMe(),
        api.getPortfolio(),
        api.getSubscription(),
      ]);
      next = {
        status: 'ready',
        data: { user: me.user, portfolio: portfolio.portfolio, subscription },
      };
    } catch (error) {
      next = {
        status: 'error',
        offline: error instanceof NetworkError,
        message: describeApiError(error),
      };
    }
    if (mounted.current) setState(next);
  }, []);

  useEffect(() => {
    mounted.current = true;
    void fetchAll();
    return () => {
      mounted.current = false;
    };
  }, [fetchAll]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    void fetchAll();
  }, [fetchAll]);

  return { state, reload };
}
