import { Router, type RequestHandler } from 'express';
import { assertUsable } from '../middleware/account.js';
import { presentPortfolio, presentUser } from '../presenters.js';
import type { Provisioning } from '../services/provisioning.js';

/** `POST /auth/bootstrap`: the app's first call after sign-in. */
export function authRoutes(deps: {
  authenticate: RequestHandler;
  perUserLimit: RequestHandler;
  provisioning: Provisioning;
}) {
  const router = Router();
  router.post(
    '/auth/bootstrap',
    deps.authenticate,
    // The account-state check needs the bootstrap's result, and the per-user limit comes after it.
    async (req, res, next) => {
      const session = req.user;
      if (!session) throw new Error('authenticate() did not set req.user');
      const result = await deps.provisioning.bootstrap({
        clerkUserId: session.clerkUserId,
        email: session.email,
      });
      assertUsable(result.user);
      res.locals.bootstrapped = result;
      next();
    },
    deps.perUserLimit,
    (_req, res) => {
      const result = res.locals.bootstrapped;
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
