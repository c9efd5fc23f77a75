import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { HttpError } from '../errors.js';
import { accountOf } from '../middleware/account.js';
import { presentPortfolio } from '../presenters.js';
import { hasEntitlement } from '../services/subscriptions.js';
import type { Store } from '../store/port.js';

/** Guards a route behind an entitlement (the gate rule in services/subscriptions.ts). */
export function requireEntitlement(entitlement: string, now: () => number = Date.now) {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(
      hasEntitlement(accountOf(req), entitlement, new Date(now()))
        ? undefined
        : new HttpError('subscription_required', `This needs the ${entitlement} entitlement`),
    );
  };
}

export function subscriptionRoutes(deps: {
  authenticated: RequestHandler[];
  store: Store;
  now?: () => number;
}) {
  const router = Router();

  router.get('/subscription', ...deps.authenticated, (req, res) => {
    const user = accountOf(req);
    res.json({
      status: user.subscriptionStatus,
      entitlements: user.entitlements,
      expiresAt: user.subscriptionExpiresAt?.toISOString() ?? null,
    });
  });

  router.get(
    '/pro/insights',
    ...deps.authenticated,
    requireEntitlement('pro', deps.now),
    async (req, res) => {
      const user = accountOf(req);
      const portfolio = presentPortfolio(await deps.store.getPortfolio(user.id));
      const isEmpty = portfolio.totalValue === '0'; // canonical decimal text: zero is exactly "0"
      res.json({
        generatedAt: new Date().toISOString(),
        portfolio: { baseCurrency: portfolio.baseCurrency, totalValue: portfolio.totalValue },
        insights: isEmpty
          ? [
              {
                id: 'empty_portfolio',
                title: 'Start your portfolio',
                detail: 'Add a holding to see allocation and performance insights.',
              },
            ]
          : [
              {
                id: 'valuation',
                title: 'Portfolio value',
                detail: `Valued at ${portfolio.totalValue} ${portfolio.baseCurrency}.`,
              },
            ],
      });
    },
  );

  return router;
}
