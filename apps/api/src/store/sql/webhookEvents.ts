import type { WebhookOutcome } from '../port.js';
import type { SqlExecutor } from './portfolioQueries.js';
import { processedWebhooks, type webhookSources } from './schema.js';

export type WebhookSource = (typeof webhookSources)[number];

/**
 * Runs `effect` in one transaction with the recording of `eventId`, so a delivery applies at
 * most once: an id already recorded answers `duplicate` and changes nothing. A concurrent
 * delivery of the same id waits on the first one's row lock, then sees the conflict (or, if
 * the first rolled back, applies it itself). When `effect` throws, the id stays unrecorded
 * and a retry applies it. Without an `eventId` (a call that is not a webhook) nothing is recorded.
 */
export function onceForEvent(
  db: SqlExecutor,
  source: WebhookSource,
  eventId: string | undefined,
  effect: (tx: SqlExecutor) => Promise<WebhookOutcome>,
): Promise<WebhookOutcome> {
  return db.transaction(async (tx) => {
    if (eventId !== undefined) {
      const [recorded] = await tx
        .insert(processedWebhooks)
        .values({ source, eventId })
        .onConflictDoNothing()
        .returning({ eventId: processedWebhooks.eventId });
      if (!recorded) return 'duplicate';
    }
    return effect(tx);
  });
}
