import type { AssetraApi } from '../../src/services/assetraApi';
import { fakeHttp, type FakeReply, type FakeRoutes } from './fakeHttp';

/**
 * The app's real API module (client, interceptors, shared schemas) over the fake network, for
 * tests that `jest.mock` the module's `getApi` to return it. Without `session`, no token:
 * public routes only.
 */
export function realApiOverFakeHttp(
  replies: FakeReply[] | FakeRoutes,
  session: {
    getToken?: () => Promise<string | null>;
    onSessionExpired?: () => Promise<void> | void;
  } = {},
) {
  const http = fakeHttp(replies);
  const { createAssetraApi } = jest.requireActual<typeof import('../../src/services/assetraApi')>(
    '../../src/services/assetraApi',
  );
  const { createApiClient } = jest.requireActual<typeof import('../../src/services/apiClient')>(
    '../../src/services/apiClient',
  );
  const api: AssetraApi = createAssetraApi(
    createApiClient({
      baseURL: 'https://api.assetra.test',
      isProduction: true,
      getToken: session.getToken ?? (async () => null),
      onSessionExpired: session.onSessionExpired ?? (() => undefined),
      adapter: http.adapter,
    }),
  );
  return { api, requests: http.requests };
}

export const bootstrapBody = {
  user: {
    id: 'usr_1',
    clerkUserId: 'user_123',
    email: 'ada@example.com',
    displayName: null,
    subscriptionStatus: 'free',
    entitlements: [],
    isActive: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  portfolio: {
    id: 'pf_1',
    userId: 'usr_1',
    baseCurrency: 'USD',
    totalValue: '0',
    lastCalculatedAt: null,
  },
  created: true,
};
