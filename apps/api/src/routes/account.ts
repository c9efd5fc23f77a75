import { PushTokenBodySchema } from '@assetra/shared';
import { Router, type RequestHandler } from 'express';
import { HttpError } from '../errors.js';
import { accountOf, assertUsable } from '../middleware/account.js';
import { jsonBody } from '../middleware/body.js';
import { pathParam, undecodedRoute } from '../middleware/pathParams.js';
import type { Provisioning } from '../services/provisioning.js';
import type { Store } from '../store/port.js';
import type { createAccountDeletion } from '../services/accountDeletion.js';

type Deps = {
  authenticate: RequestHandler;
  authenticated: RequestHandler[];
  perUserLimit: RequestHandler;
  provisioning: Provisioning;
  store: Store;
  deleteAccount: ReturnType<typeof createAccountDeletion>;
};

/** Account deletion and the device's push tokens. */
export function accountRoutes(deps: Deps) {
  const router = Router();

  // Not behind requireAccount(): a repeat on a tombstone must answer 204, not 401.
  router.delete(
    '/users/me',
    deps.authenticate,
    // The account is loaded before the per-user limit (account state is checked first).
    async (req, res, next) => {
      const session = req.user;
      if (!session) throw new Error('authenticate() did not set req.user');
      const user = await deps.provisioning.ensureUser({
        clerkUserId: session.clerkUserId,
        email: session.email,
      });
      if (user.deletedAt === null) assertUsable(user);
      res.locals.accountToDelete = user;
      next();
    },
    deps.perUserLimit,
    async (req, res) => {
      const session = req.user;
      const user = res.locals.accountToDelete;
      if (!session || !user) throw new Error('DELETE /users/me lost its account');
      await deps.deleteAccount(session, user);
      res.status(204).end();
    },
  );

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

  const oneToken = undecodedRoute('/users/me/push-tokens/:token');
  router.delete(oneToken, ...deps.authenticated, async (req, res) => {
    const token = pathParam(req, 'token');
    if (token.length > 256) throw new HttpError('not_found');
    await deps.store.unregisterPushToken(accountOf(req).id, token);
    res.status(204).end();
  });

  return router;
}
