import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROCESSED_WEBHOOK_TTL_SECONDS } from '../../src/models/ProcessedWebhook.js';
import { mongoUri } from '../support/databases.js';
import { clerkUpdate, freshId } from './contractSupport.js';
import { openHarness, probeMongo, type MongoHarness } from './mongoHarness.js';

// MongoDB-only guarantees that need the database itself: indexes, a failing write, documents
// written before a field existed. Skipped (as mongo.test.ts says why) without a mongod.
const uri = mongoUri();
const probe = await probeMongo(uri);
const modes = probe.transactions ? [true, false] : [false];

describe.skipIf(probe.reachable)(
  'MongoDB store internals: skipped, no mongod at MONGODB_URI',
  () => {
    it.skip('checks indexes, failed writes and legacy documents against a real mongod', () => {
      // Nothing to run: no mongod can be installed on this machine.
    });
  },
);

describe.runIf(probe.reachable && uri !== undefined)('MongoDB store internals', () => {
  describe.each(modes)('with transactions %s', (transactions) => {
    let harness: MongoHarness;

    beforeAll(async () => {
      harness = await openHarness(uri ?? '', { transactions });
      await harness.store.isSessionRevoked('sess_warm_up'); // waits for the indexes
    });

    afterAll(async () => {
      await harness.close();
    });

    beforeEach(async () => {
      await harness.reset();
    });

    it('builds unique, expiring webhook ids and unique push tokens and revoked sessions', async () => {
      const indexes = async (name: string) =>
        (await harness.db.collection(name).indexes()).map(
          ({ key, unique, expireAfterSeconds }) => ({
            key,
            unique: unique ?? false,
            expireAfterSeconds,
          }),
        );

      const [webhooks, tokens, sessions] = await Promise.all([
        indexes('processed_webhooks'),
        indexes('push_tokens'),
        indexes('revoked_sessions'),
      ]);

      expect(webhooks).toEqual(
        expect.arrayContaining([
          { key: { source: 1, eventId: 1 }, unique: true, expireAfterSeconds: undefined },
          { key: { processedAt: 1 }, unique: false, expireAfterSeconds: 30 * 24 * 60 * 60 },
        ]),
      );
      expect(PROCESSED_WEBHOOK_TTL_SECONDS).toBe(2_592_000);
      expect(tokens).toEqual(
        expect.arrayContaining([
          { key: { token: 1 }, unique: true, expireAfterSeconds: undefined },
          { key: { userId: 1, updatedAt: -1 }, unique: false, expireAfterSeconds: undefined },
          { key: { sessionId: 1 }, unique: false, expireAfterSeconds: undefined },
        ]),
      );
      expect(sessions).toEqual(
        expect.arrayContaining([
          { key: { sessionId: 1 }, unique: true, expireAfterSeconds: undefined },
        ]),
      );
    });

    it('records webhook ids per source: a Clerk id does not shadow the same RevenueCat id', async () => {
      const { store } = harness;
      await store.provisionUser({ clerkUserId: 'user_a', email: null });
      const eventId = freshId('evt');
      await store.revokeSession(freshId('sess'), eventId);

      const outcome = await store.applySubscriptionChange(eventId, new Date(), {
        kind: 'status',
        clerkUserIds: ['user_a'],
        status: 'grace_period',
      });

      expect(outcome).toBe('applied');
    });

    it('completes a Clerk event whose portfolio write failed when it is delivered again', async () => {
      const { store, db } = harness;
      const eventId = freshId('evt');
      await db.command({ collMod: 'portfolios', validator: { $expr: false } });

      const failed = await store.applyClerkUser(eventId, clerkUpdate('2026-01-01T00:00:00Z')).then(
        () => undefined,
        (error: unknown) => error,
      );
      const between = await store.findUserByClerkId('user_a');
      await db.command({ collMod: 'portfolios', validator: {} });
      const retried = await store.applyClerkUser(eventId, clerkUpdate('2026-01-01T00:00:00Z'));

      expect(failed).toBeInstanceOf(Error);
      // With a transaction nothing of the failed delivery stays; without, the user does.
      expect(between === null).toBe(transactions);
      expect(retried).toBe(transactions ? 'applied' : 'duplicate');
      const { user, portfolio } = await store.provisionUser({ clerkUserId: 'user_a', email: null });
      expect(user.email).toBe('a@example.com');
      expect(portfolio).not.toBeNull();
    });

    it('keeps a displayName written before displayNameSource existed, as the user’s own', async () => {
      const { store, db } = harness;
      const now = new Date();
      await db.collection('users').insertOne({
        clerkUserId: 'user_a',
        email: null,
        displayName: 'Mine',
        subscriptionStatus: 'free',
        entitlements: [],
        isActive: true,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });

      const outcome = await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z'),
      );

      expect(outcome).toBe('applied');
      expect(await store.findUserByClerkId('user_a')).toMatchObject({
        displayName: 'Mine',
        email: 'a@example.com',
        subscriptionExpiresAt: null,
      });
    });

    it('stores a Clerk name that starts with "$" as text', async () => {
      const { store } = harness;
      await store.provisionUser({ clerkUserId: 'user_a', email: null });

      await store.applyClerkUser(
        freshId('evt'),
        clerkUpdate('2026-01-01T00:00:00Z', { clerkName: '$email' }),
      );

      expect((await store.findUserByClerkId('user_a'))?.displayName).toBe('$email');
    });

    it('leaves no portfolio for a user deleted while a Clerk event creates it', async () => {
      const { store } = harness;

      await Promise.all([
        store.applyClerkUser(freshId('evt'), clerkUpdate('2026-01-01T00:00:00Z')),
        store.deleteUserData('user_a', freshId('evt')),
      ]);

      const user = await store.findUserByClerkId('user_a');
      expect(user?.deletedAt).toBeInstanceOf(Date);
      expect(
        await harness.db
          .collection('portfolios')
          .countDocuments({ userId: new mongoose.Types.ObjectId(user?.id) }),
      ).toBe(0);
    });
  });
});
