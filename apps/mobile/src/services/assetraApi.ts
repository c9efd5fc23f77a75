import {
  BootstrapResponseSchema,
  EmailLinkBodySchema,
  EmailLinkRedeemBodySchema,
  EmailLinkRedeemResponseSchema,
  EmailLinkResponseSchema,
  MeResponseSchema,
  PortfolioResponseSchema,
  PushTokenBodySchema,
  PushTokenResponseSchema,
  SubscriptionResponseSchema,
  type EmailLinkBody,
  type EmailLinkRedeemBody,
  type PushTokenBody,
} from '@assetra/shared';

import { requireConfig } from '../config';
import { createApiClient, type ApiClient } from './apiClient';
import { getSessionToken } from './clerkSession';
import { endSession } from './sessionEnd';

/** Every route the app calls, each answer parsed with the shared contract (house-style 3). */
export function createAssetraApi(client: ApiClient) {
  return {
    bootstrap: () =>
      client.request({ method: 'POST', url: '/auth/bootstrap', schema: BootstrapResponseSchema }),
    /** Public: asks the API to email a sign-in link bound to `codeChallenge` (202 for any address). */
    requestEmailLink: (body: EmailLinkBody) =>
      client.request({
        method: 'POST',
        url: '/auth/email-link',
        data: EmailLinkBodySchema.parse(body),
        schema: EmailLinkResponseSchema,
      }),
    /** Public: trades the link's token and this install's verifier for a Clerk sign-in ticket. */
    redeemEmailLink: (body: EmailLinkRedeemBody) =>
      client.request({
        method: 'POST',
        url: '/auth/email-link/redeem',
        data: EmailLinkRedeemBodySchema.parse(body),
        schema: EmailLinkRedeemResponseSchema,
      }),
    getMe: () => client.request({ method: 'GET', url: '/users/me', schema: MeResponseSchema }),
    getPortfolio: () =>
      client.request({ method: 'GET', url: '/portfolio', schema: PortfolioResponseSchema }),
    getSubscription: () =>
      client.request({ method: 'GET', url: '/subscription', schema: SubscriptionResponseSchema }),
    /** Needs a first factor within 10 minutes; the fresh token carries the updated `fva`. */
    deleteMe: () =>
      client.request({ method: 'DELETE', url: '/users/me', schema: null, freshToken: true }),
    registerPushToken: (body: PushTokenBody) =>
      client.request({
        method: 'POST',
        url: '/users/me/push-tokens',
        data: PushTokenBodySchema.parse(body),
        schema: PushTokenResponseSchema,
      }),
    unregisterPushToken: (token: string) =>
      client.request({
        method: 'DELETE',
        url: `/users/me/push-tokens/${encodeURIComponent(token)}`,
        schema: null,
      }),
  };
}

export type AssetraApi = ReturnType<typeof createAssetraApi>;

let defaultApi: AssetraApi | null = null;

/** The app's API, authenticated with the current Clerk session. */
export function getApi(): AssetraApi {
  if (defaultApi === null) {
    const config = requireConfig();
    defaultApi = createAssetraApi(
      createApiClient({
        baseURL: config.apiBaseUrl,
        isProduction: config.isProduction,
        getToken: getSessionToken,
        onSessionExpired: () => endSession('expired'),
      }),
    );
  }
  return defaultApi;
}
