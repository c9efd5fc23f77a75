import { noContent, ok } from './responses.js';
import { schemaRef } from './schemas.js';
import type { RouteDescriptor } from './types.js';

/** The contract's routes that need a Clerk session token. */
export const ACCOUNT_ROUTES: RouteDescriptor[] = [
  {
    method: 'post',
    path: '/auth/bootstrap',
    operationId: 'bootstrap',
    tag: 'Users',
    summary: 'Provision the signed-in user (idempotent)',
    description:
      'Any authenticated route provisions the user and an empty portfolio on first sight, ' +
      'exactly once; this one says whether this very request did. The same `user.id` every time.',
    auth: 'bearer',
    responses: [
      ok('BootstrapResponse', 'This request created the user: `created: true`.', 201),
      ok('BootstrapResponse', 'The user already existed: `created: false`.'),
    ],
  },
  {
    method: 'get',
    path: '/users/me',
    operationId: 'getMe',
    tag: 'Users',
    summary: 'The signed-in user',
    auth: 'bearer',
    responses: [ok('MeResponse', 'The user.')],
  },
  {
    method: 'patch',
    path: '/users/me',
    operationId: 'patchMe',
    tag: 'Users',
    summary: 'Change the display name',
    description: 'Any field but `displayName` is `validation_failed`, and nothing is written.',
    auth: 'bearer',
    requestBody: 'PatchMeBody',
    responses: [ok('MeResponse', 'The updated user.')],
  },
  {
    method: 'delete',
    path: '/users/me',
    operationId: 'deleteMe',
    tag: 'Users',
    summary: 'Delete the account',
    description:
      'Needs a first-factor verification within the last 10 minutes (`fva[0]` ≤ 10). Deletes ' +
      'the Clerk user, then every local record, leaving a tombstone. Safe to retry: a deleted ' +
      'account answers 204 again without calling Clerk; any other route answers `account_deleted`.',
    auth: 'bearer',
    responses: [noContent('Deleted (or already deleted).')],
    errors: ['reverification_required', 'upstream_unavailable'],
    omitErrors: ['account_deleted'],
  },
  {
    method: 'get',
    path: '/portfolio',
    operationId: 'getPortfolio',
    tag: 'Portfolio',
    summary: 'The signed-in user’s portfolio',
    auth: 'bearer',
    responses: [ok('PortfolioResponse', 'The portfolio.')],
  },
  {
    method: 'patch',
    path: '/portfolio',
    operationId: 'patchPortfolio',
    tag: 'Portfolio',
    summary: 'Change the base currency',
    auth: 'bearer',
    requestBody: 'PatchPortfolioBody',
    responses: [ok('PortfolioResponse', 'The updated portfolio.')],
  },
  {
    method: 'post',
    path: '/users/me/push-tokens',
    operationId: 'registerPushToken',
    tag: 'Push tokens',
    summary: 'Register this device’s push token (idempotent)',
    description:
      'Bound to the current session. A token held by another user moves to this one; at most ' +
      '10 per user, the oldest dropped.',
    auth: 'bearer',
    requestBody: 'PushTokenBody',
    responses: [ok('PushTokenResponse', 'Registered.')],
  },
  {
    method: 'delete',
    path: '/users/me/push-tokens/{token}',
    operationId: 'unregisterPushToken',
    tag: 'Push tokens',
    summary: 'Unregister a push token (on sign-out)',
    auth: 'bearer',
    parameters: [
      {
        name: 'token',
        in: 'path',
        description:
          'The Expo push token, percent-encoded. One that does not decode, or holds a control ' +
          'character, is 400 `validation_failed`.',
        required: true,
        schema: schemaRef('PushToken'),
      },
    ],
    responses: [noContent('Unregistered, whether or not it was registered.')],
    errors: ['validation_failed'],
  },
  {
    method: 'get',
    path: '/subscription',
    operationId: 'getSubscription',
    tag: 'Subscription',
    summary: 'The signed-in user’s subscription',
    auth: 'bearer',
    responses: [ok('SubscriptionResponse', 'Status, entitlements and expiry.')],
  },
  {
    method: 'get',
    path: '/pro/insights',
    operationId: 'getProInsights',
    tag: 'Subscription',
    summary: 'Pro insights (entitlement `pro`)',
    description:
      'Open only while `status` is `active` or `grace_period`, `pro` is held, and `expiresAt` ' +
      'is null or in the future.',
    auth: 'bearer',
    responses: [ok('ProInsightsResponse', 'The insights.')],
    errors: ['subscription_required'],
  },
];
