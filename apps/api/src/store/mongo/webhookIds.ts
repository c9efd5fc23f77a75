import type { WEBHOOK_SOURCES } from '../../models/ProcessedWebhook.js';
import type { WebhookOutcome } from '../port.js';
import type { MongoHandle } from './connection.js';
import { guarded, type Write } from './deadline.js';
import { isDuplicateKey } from './errors.js';
import { setOnInsert } from './pipelines.js';
import { runTransaction } from './transaction.js';

export type EventKey = { source: (typeof WEBHOOK_SOURCES)[number]; eventId: string };

/** A webhook's effect; `w.session` is set when it runs inside a transaction. */
export type Effect = (w: Write) => Promise<WebhookOutcome>;

/**
 * Applies `effect` at most once per event id (none given: a call that is not a webhook).
 *
 * With transactions (replica set, mongos) the id is recorded in the same transaction as the
 * effect: a failure records nothing, so the retry applies it, and a concurrent duplicate
 * conflicts and, rerun, finds the id.
 *
 * A standalone mongod has no transactions. There the effect runs first and the id is
 * recorded after it, so a crash in between leaves the id unrecorded and the retry completes
 * the work. The price: that retry runs the effect again, so every effect is written to be
 * idempotent (tombstones, upserts) or guarded by the stored state (Clerk's `updated_at`, the
 * last RevenueCat event, each with its event id), which also keeps two concurrent deliveries
 * to one effect. The one that finds its effect already made by the other answers
 * `duplicate` and leaves the recording to it. Only a RevenueCat event retried after such a
 * crash, and after a later event with the very same timestamp, could be applied over it.
 */
export async function applyOnce(
  h: MongoHandle,
  w: Write,
  key: EventKey | undefined,
  effect: Effect,
): Promise<WebhookOutcome> {
  const { transactions } = await h.ready();
  if (transactions) {
    return runTransaction(w, async (tx) => {
      if (key && !(await record(h, tx, key))) return 'duplicate';
      return effect(tx);
    });
  }
  if (key && (await h.processedWebhooks.exists(key)) !== null) return 'duplicate';
  const outcome = await effect(w);
  if (outcome === 'duplicate' || !key) return outcome;
  return (await record(h, w, key)) ? outcome : 'duplicate';
}

/** Records the id; false when it already was. An upsert, so a duplicate is no write error. */
async function record(h: MongoHandle, w: Write, key: EventKey): Promise<boolean> {
  try {
    const processed = await guarded(h, w, h.processedWebhooks);
    const result = await processed.updateOne(
      { source: key.source, eventId: key.eventId },
      [setOnInsert({ processedAt: new Date() })],
      true,
    );
    return result.upsertedCount > 0;
  } catch (err) {
    // Two concurrent upserts of one id: the loser's duplicate key means "already recorded".
    // Inside a transaction it has aborted the transaction, which runTransaction runs again.
    if (w.session || !isDuplicateKey(err)) throw err;
    return false;
  }
}
