import { PushTokenBodySchema } from '@assetra/shared';
import { Router, type RequestHandler } from 'express';
import { HttpError } from '../errors.js';
import { accountOf } from '../middleware/account.js';
import { jsonBody } from '../middleware/body.js';
import type { Provisioning } from '../services/provisioning.js';
import type { Store } from '../store/port.js';
import type { createAccountDeletion } from '../services/accountDeletion.js';

type Deps = {
  authenticate: RequestHandler;
  authenticated: RequestHandler[];
  provisioning: Provisioning;
  store: Store;
  deleteAccount: ReturnType<typeof createAccountDeletion>;
};

/** Account deletion and the device's push tokens. */
export function accountRoutes(deps: Deps) {
  const router = Router();

  // Not behind requireAccount(): a repeat on a tombstone must answer 204, not 401.
  router.delete('/users/me', deps.authenticate, async (req, res) => {
    const session = req.user;
    if (!session) throw new Error('authenticate() did not set req.user');
    const user = await deps.provisioning.ensureUser({
      clerkUserId: session.clerkUserId,
      email: session.email,
    });
    await deps.deleteAccount(session, user);
    res.status(204).end();
  });

  router.post('/users/me/push-tokens', ...deps.authenticated, ...jsonBody(), async (req, res) => {
    const body = PushTokenBodySchema.parse(req.body);
    const session = req.user;
    if (!session) throw new Error('authenticate() did not set req.user');
    await deps.store.registerPushToken({
      userId: accountOf(req).id,
      sessionId: session.sessionId,
      token: body.token,
      platform: body.platform,
    });
    res.json({ registered: true });
  });

  router.delete('/users/me/push-tokens/:token', ...deps.authenticated, async (req, res) => {
    const token = req.params.token;
    if (typeof token !== 'string' || token.length > 256) throw new HttpError('not_found');
    await deps.store.unregisterPushToken(accountOf(req).id, token);
    res.status(204).end();
  });

  return router;
}
