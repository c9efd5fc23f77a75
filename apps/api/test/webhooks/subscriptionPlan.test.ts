import { describe, expect, it } from 'vitest';
import {
  planSubscriptionChange,
  usersOfChange,
  type Subscriber,
} from '../../src/store/subscriptionPlan.js';
import { subscriptionChangeFor, type RevenueCatEvent } from '../../src/services/subscriptions.js';

const EXPIRY_MS = Date.UTC(2027, 0, 1);
const expiry = new Date(EXPIRY_MS);

const subscriber = (clerkUserId: string, entitlements: string[] = []): Subscriber => ({
  clerkUserId,
  entitlements,
  subscriptionExpiresAt: entitlements.length > 0 ? expiry : null,
});

const event = (type: string, fields: Partial<RevenueCatEvent> = {}): RevenueCatEvent => ({
  id: `evt_${type}`,
  type,
  app_user_id: 'user_a',
  entitlement_ids: ['pro'],
  expiration_at_ms: EXPIRY_MS,
  event_timestamp_ms: Date.UTC(2026, 5, 1),
  ...fields,
});

/** The writes a RevenueCat event makes, with these users on file; null when it maps to nothing. */
function plan(revenueCat: RevenueCatEvent, onFile: Subscriber[] = [subscriber('user_a')]) {
  const change = subscriptionChangeFor(revenueCat);
  return change && planSubscriptionChange(change, onFile);
}

describe('the RevenueCat plan', () => {
  it.each([
    'INITIAL_PURCHASE',
    'RENEWAL',
    'UNCANCELLATION',
    'PRODUCT_CHANGE',
    'NON_RENEWING_PURCHASE',
  ])('%s makes the user active with the event’s entitlements and expiry', (type) => {
    expect(plan(event(type))).toEqual([
      {
        clerkUserIds: ['user_a'],
        fields: {
          subscriptionStatus: 'active',
          entitlements: ['pro'],
          subscriptionExpiresAt: expiry,
        },
      },
    ]);
  });

  it('a purchase without entitlement_ids or expiry leaves the user active with none', () => {
    expect(plan(event('RENEWAL', { entitlement_ids: null, expiration_at_ms: null }))).toEqual([
      {
        clerkUserIds: ['user_a'],
        fields: { subscriptionStatus: 'active', entitlements: [], subscriptionExpiresAt: null },
      },
    ]);
  });

  it('BILLING_ISSUE sets grace_period and keeps entitlements and expiry', () => {
    expect(plan(event('BILLING_ISSUE'))).toEqual([
      { clerkUserIds: ['user_a'], fields: { subscriptionStatus: 'grace_period' } },
    ]);
  });

  it('CANCELLATION and TEST change nothing', () => {
    expect(plan(event('CANCELLATION'))).toBeNull();
    expect(plan(event('TEST'))).toBeNull();
  });

  it('EXPIRATION sets expired and clears the entitlements', () => {
    expect(plan(event('EXPIRATION'))).toEqual([
      {
        clerkUserIds: ['user_a'],
        fields: { subscriptionStatus: 'expired', entitlements: [], subscriptionExpiresAt: expiry },
      },
    ]);
  });

  it('writes nothing for users not on file: webhooks never create users', () => {
    expect(plan(event('INITIAL_PURCHASE', { app_user_id: '$RCAnonymousID:1' }))).toEqual([]);
    expect(plan(event('INITIAL_PURCHASE', { app_user_id: null }))).toEqual([]);
  });

  describe('TRANSFER', () => {
    const transfer = (fields: Partial<RevenueCatEvent>) =>
      event('TRANSFER', { app_user_id: null, expiration_at_ms: null, ...fields });

    it('gives the to-users the from-user’s entitlements and expiry, and leaves it expired', () => {
      const writes = plan(
        transfer({
          transferred_from: ['user_a'],
          transferred_to: ['user_b'],
          entitlement_ids: null,
        }),
        [subscriber('user_a', ['pro']), subscriber('user_b')],
      );

      expect(writes).toEqual([
        {
          clerkUserIds: ['user_b'],
          fields: {
            subscriptionStatus: 'active',
            entitlements: ['pro'],
            subscriptionExpiresAt: expiry,
          },
        },
        { clerkUserIds: ['user_a'], fields: { subscriptionStatus: 'expired', entitlements: [] } },
      ]);
    });

    it('prefers the entitlements the event names over the from-user’s', () => {
      const writes = plan(
        transfer({
          transferred_from: ['user_gone', 'user_a'],
          transferred_to: ['user_b'],
          entitlement_ids: ['pro', 'family'],
        }),
        [subscriber('user_a', ['pro']), subscriber('user_b')],
      );

      expect(writes?.[0]?.fields.entitlements).toEqual(['pro', 'family']);
      expect(writes?.[1]?.clerkUserIds).toEqual(['user_a']);
    });

    it('moves the event’s entitlements without expiry when no from-user is on file', () => {
      const writes = plan(
        transfer({ transferred_from: ['$RCAnonymousID:1'], transferred_to: ['user_b'] }),
        [subscriber('user_b')],
      );

      expect(writes).toEqual([
        {
          clerkUserIds: ['user_b'],
          fields: {
            subscriptionStatus: 'active',
            entitlements: ['pro'],
            subscriptionExpiresAt: null,
          },
        },
      ]);
    });

    it('leaves the to-users as they are when nothing known moves (no entitlement_ids, no from-user on file)', () => {
      const writes = plan(
        transfer({
          transferred_from: ['$RCAnonymousID:1'],
          transferred_to: ['user_b'],
          entitlement_ids: null,
        }),
        [subscriber('user_b', ['pro'])],
      );

      expect(writes).toEqual([]);
    });

    it('still expires a from-user on file that held nothing, without touching the to-users', () => {
      const writes = plan(
        transfer({
          transferred_from: ['user_a'],
          transferred_to: ['user_b'],
          entitlement_ids: null,
        }),
        [subscriber('user_a'), subscriber('user_b', ['pro'])],
      );

      expect(writes).toEqual([
        { clerkUserIds: ['user_a'], fields: { subscriptionStatus: 'expired', entitlements: [] } },
      ]);
    });

    it('leaves an id on both sides with what it was given, not expired', () => {
      const writes = plan(
        transfer({
          transferred_from: ['user_a'],
          transferred_to: ['user_a'],
          entitlement_ids: null,
        }),
        [subscriber('user_a', ['pro'])],
      );

      expect(writes).toEqual([
        {
          clerkUserIds: ['user_a'],
          fields: {
            subscriptionStatus: 'active',
            entitlements: ['pro'],
            subscriptionExpiresAt: expiry,
          },
        },
      ]);
    });

    it('names every user on both sides as touched, so caches forget them all', () => {
      const change = subscriptionChangeFor(
        transfer({ transferred_from: ['user_a'], transferred_to: ['user_b', 'user_c'] }),
      );

      expect(change && usersOfChange(change).sort()).toEqual(['user_a', 'user_b', 'user_c']);
    });
  });
});
