import { PatchMeBodySchema } from '@assetra/shared';
import { Router, type RequestHandler } from 'express';
import { accountOf } from '../middleware/account.js';
import { jsonBody } from '../middleware/body.js';
import { presentUser } from '../presenters.js';
import { AccountDeletedError, type Store } from '../store/port.js';

/** The caller's own profile. */
export function userRoutes(deps: { authenticated: RequestHandler[]; store: Store }) {
  const router = Router();

  router.get('/users/me', ...deps.authenticated, (req, res) => {
    res.json({ user: presentUser(accountOf(req)) });
  });

  router.patch('/users/me', ...deps.authenticated, ...jsonBody(), async (req, res) => {
    const body = PatchMeBodySchema.parse(req.body);
    const account = accountOf(req);
    const user =
      body.displayName === undefined
        ? account
        : await deps.store.updateProfile(account.clerkUserId, body);
    // Null: the account was deleted after this request was admitted.
    if (!user) throw new AccountDeletedError();
    res.json({ user: presentUser(user) });
  });

  return router;
}
