import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Logger } from 'pino';
import { HttpError, bearerChallenge } from '../../errors.js';
import { jsonBody } from '../../middleware/body.js';
import { requireConfigured } from '../../middleware/configured.js';
import { RevenueCatEventSchema, subscriptionChangeFor } from '../../services/subscriptions.js';
import type { Store } from '../../store/port.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: hashing first makes the comparison independent of both lengths. */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** `POST /webhooks/revenuecat`: subscription changes for existing users; never creates one. */
export function revenueCatWebhookRoutes(deps: {
  auth: string | undefined;
  store: Store;
  logger: Logger;
}) {
  const router = Router();
  const { auth, store, logger } = deps;

  router.post(
    '/webhooks/revenuecat',
    ...requireConfigured(auth, 'RevenueCat webhooks', (expected) => [
      (req, _res, next) => {
        const presented = req.get('authorization');
        next(
          presented !== undefined && sameSecret(presented, expected)
            ? undefined
            : new HttpError('unauthenticated', undefined, { headers: bearerChallenge() }),
        );
      },
      ...jsonBody(),
      async (req, res) => {
        const { event } = RevenueCatEventSchema.parse(req.body);
        const change = subscriptionChangeFor(event);
        const outcome = change
          ? await store.applySubscriptionChange(
              event.id,
              new Date(event.event_timestamp_ms),
              change,
            )
          : 'ignored';
        logger.info(
          { reqId: req.id, eventId: event.id, type: event.type, outcome },
          'revenuecat webhook',
        );
        res.json({ received: true });
      },
    ]),
  );

  return router;
}
