import express, { Router } from 'express';
import type { Logger } from 'pino';
import { requireConfigured } from '../../middleware/configured.js';
import { clerkEffectOf, verifySvixDelivery } from '../../services/clerkWebhook.js';
import { KNOWN_DEVICE_MS, type SignInListener } from '../../services/newDeviceAlerts.js';
import type { Store, WebhookOutcome } from '../../store/port.js';

/**
 * `POST /webhooks/clerk`. The raw body is read on this route only (the signature covers the
 * exact bytes). A delivery that fails to apply answers 5xx, nothing recorded, so Svix retries.
 */
export function clerkWebhookRoutes(deps: {
  secret: string | undefined;
  store: Store;
  logger: Logger;
  onSignIn?: SignInListener;
}) {
  const router = Router();
  const { secret, store, logger } = deps;

  router.post(
    '/webhooks/clerk',
    ...requireConfigured(secret, 'Clerk webhooks', (signingSecret) => [
      express.raw({ type: () => true, limit: '100kb' }),
      async (req, res) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const { svixId, event } = verifySvixDelivery(signingSecret, raw, (name) => req.get(name));
        const effect = clerkEffectOf(event);
        let outcome: WebhookOutcome = 'ignored';
        let after: (() => void) | undefined;
        switch (effect.kind) {
          case 'user':
            outcome = await store.applyClerkUser(svixId, effect.update);
            break;
          case 'delete':
            outcome = await store.deleteUserData(effect.clerkUserId, svixId);
            break;
          case 'revoke':
            outcome = await store.revokeSession(effect.sessionId, svixId, {
              clerkUserId: effect.clerkUserId,
              by: effect.by,
            });
            break;
          case 'sign_in': {
            const recorded = await store.recordSignIn(svixId, effect.signIn, {
              knownForMs: KNOWN_DEVICE_MS,
            });
            outcome = recorded.outcome;
            const listener = deps.onSignIn;
            if (outcome === 'applied' && listener) {
              after = () => {
                listener(effect.signIn, recorded.novelty);
              };
            }
            break;
          }
          case 'ignore':
            break;
        }
        logger.info({ reqId: req.id, svixId, effect: effect.kind, outcome }, 'clerk webhook');
        res.json({ received: true });
        after?.();
      },
    ]),
  );

  return router;
}
