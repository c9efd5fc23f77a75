import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const AUTH = 'Bearer rc-webhook-shared-secret';
const DAY = 86_400_000;

const { api, store, start } = useApi({ env: { REVENUECAT_WEBHOOK_AUTH: AUTH } });
let eventCounter = 0;
let clock = 1_800_000_000_000;

type Event = {
  type: string;
  app_user_id?: string;
  entitlement_ids?: string[] | null;
  expiration_at_ms?: number | null;
  event_timestamp_ms?: number;
  transferred_from?: string[];
  transferred_to?: string[];
  id?: string;
};

function send(event: Event, authorization = AUTH) {
  const body = {
    api_version: '1.0',
    event: { id: `evt_${++eventCounter}`, event_timestamp_ms: (clock += 1000), ...event },
  };
  return api.request('/webhooks/revenuecat', {
    method: 'POST',
    headers: { authorization },
    json: body,
  });
}

async function customer() {
  const session = await api.signIn();
  await api.request('/auth/bootstrap', { method: 'POST', token: session.token });
  const subscription = async () =>
    (await (await api.request('/subscription', { token: session.token })).json()) as {
      status: string;
      entitlements: string[];
      expiresAt: string | null;
    };
  const insights = async () =>
    (await api.request('/pro/insights', { token: session.token })).status;
  return { ...session, subscription, insights };
}

const future = () => Date.now() + 30 * DAY;

describe('RevenueCat webhooks and the pro gate', () => {
  it('purchase → cancellation → expiration opens the gate, keeps it open, then closes it', async () => {
    const user = await customer();
    const expiry = future();

    const before = await user.insights();
    await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: expiry,
    });
    const afterPurchase = await user.insights();
    await send({
      type: 'CANCELLATION',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: expiry,
    });
    const afterCancel = await user.subscription();
    await send({
      type: 'EXPIRATION',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: Date.now() - 1000,
    });

    expect(before).toBe(403);
    expect(afterPurchase).toBe(200);
    expect(afterCancel).toEqual({
      status: 'active',
      entitlements: ['pro'],
      expiresAt: new Date(expiry).toISOString(),
    });
    expect(await user.subscription()).toMatchObject({ status: 'expired', entitlements: [] });
    expect(await user.insights()).toBe(403);
  });

  it('answers 403 subscription_required with the problem body', async () => {
    const user = await customer();

    const response = await api.request('/pro/insights', { token: user.token });

    expect(await response.json()).toMatchObject({ code: 'subscription_required', status: 403 });
  });

  it('billing issue → grace period keeps access; renewal → active', async () => {
    const user = await customer();
    await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });

    await send({ type: 'BILLING_ISSUE', app_user_id: user.userId, entitlement_ids: ['pro'] });
    const grace = await user.subscription();
    const graceGate = await user.insights();
    await send({
      type: 'RENEWAL',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });

    expect(grace.status).toBe('grace_period');
    expect(graceGate).toBe(200);
    expect((await user.subscription()).status).toBe('active');
  });

  it('closes the gate once expiresAt has passed even while active', async () => {
    const user = await customer();

    await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: Date.now() - 1,
    });

    expect(await user.insights()).toBe(403);
  });

  it('applies the same event id only once', async () => {
    const user = await customer();
    await send({
      id: 'evt_dupe',
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });
    await send({ type: 'EXPIRATION', app_user_id: user.userId, expiration_at_ms: Date.now() });

    const replay = await send({
      id: 'evt_dupe',
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });

    expect(replay.status).toBe(200);
    expect((await user.subscription()).status).toBe('expired');
  });

  it('ignores an event older than the last one applied to the user', async () => {
    const user = await customer();
    await send({
      type: 'EXPIRATION',
      app_user_id: user.userId,
      event_timestamp_ms: clock + 10_000,
    });

    const stale = await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
      event_timestamp_ms: clock - 10_000,
    });

    expect(stale.status).toBe(200);
    expect((await user.subscription()).status).toBe('expired');
  });

  it('refuses a wrong Authorization with 401 and changes nothing', async () => {
    const user = await customer();

    const response = await send(
      {
        type: 'INITIAL_PURCHASE',
        app_user_id: user.userId,
        entitlement_ids: ['pro'],
        expiration_at_ms: future(),
      },
      'Bearer wrong',
    );

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthenticated' });
    expect((await user.subscription()).status).toBe('free');
  });

  it('never creates a user for an unknown or anonymous app_user_id', async () => {
    const unknown = await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: 'user_nobody',
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });
    const anonymous = await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: '$RCAnonymousID:abc',
      entitlement_ids: ['pro'],
    });

    expect([unknown.status, anonymous.status]).toEqual([200, 200]);
    expect(await store.findUserByClerkId('user_nobody')).toBeNull();
    expect(await store.findUserByClerkId('$RCAnonymousID:abc')).toBeNull();
  });

  it('TEST changes nothing', async () => {
    const user = await customer();

    const response = await send({
      type: 'TEST',
      app_user_id: user.userId,
      entitlement_ids: ['pro'],
    });

    expect(response.status).toBe(200);
    expect((await user.subscription()).status).toBe('free');
  });

  it('TRANSFER moves the subscription to the new user', async () => {
    const from = await customer();
    const to = await customer();
    await send({
      type: 'INITIAL_PURCHASE',
      app_user_id: from.userId,
      entitlement_ids: ['pro'],
      expiration_at_ms: future(),
    });

    await send({
      type: 'TRANSFER',
      transferred_from: [from.userId],
      transferred_to: [to.userId],
      entitlement_ids: ['pro'],
    });

    expect(await to.insights()).toBe(200);
    expect(await from.insights()).toBe(403);
    expect((await from.subscription()).status).toBe('expired');
  });

  it('answers 400 validation_failed for a body without an event, and 503 when not configured', async () => {
    const malformed = await api.request('/webhooks/revenuecat', {
      method: 'POST',
      headers: { authorization: AUTH },
      json: { nope: true },
    });
    const bare = await start();
    const unconfigured = await bare.request('/webhooks/revenuecat', {
      method: 'POST',
      headers: { authorization: AUTH },
      json: {},
    });

    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'validation_failed' });
    expect(unconfigured.status).toBe(503);
  });
});
