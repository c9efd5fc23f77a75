import { Router, type Request, type RequestHandler } from 'express';
import { assertUsable } from '../middleware/account.js';
import { presentPortfolio, presentUser } from '../presenters.js';
import type { Provisioning } from '../services/provisioning.js';
import type { ProvisionResult } from '../store/port.js';

/** `POST /auth/bootstrap`: the app's first call after sign-in. */
export function authRoutes(deps: {
  authenticate: RequestHandler;
  perUserLimit: RequestHandler;
  provisioning: Provisioning;
}) {
  const router = Router();
  // The account-state check needs the bootstrap's result, and the per-user limit comes after it.
  const results = new WeakMap<Request, ProvisionResult>();

  router.post(
    '/auth/bootstrap',
    deps.authenticate,
    async (req, _res, next) => {
      const session = req.user;
      if (!session) throw new Error('authenticate() did not set req.user');
      const result = await deps.provisioning.bootstrap({
        clerkUserId: session.clerkUserId,
        email: session.email,
      });
      assertUsable(result.user);
      results.set(req, result);
      next();
    },
    deps.perUserLimit,
    (req, res) => {
      const result = results.get(req);
      if (!result) throw new Error('bootstrap result missing');
      const portfolio = result.portfolio;
      if (!portfolio) throw new Error('a live user without a portfolio');
      res.status(result.created ? 201 : 200).json({
        user: presentUser(result.user),
        portfolio: presentPortfolio(portfolio),
        created: result.created,
      });
    },
  );

  return router;
}
