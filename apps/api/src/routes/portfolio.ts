import { PatchPortfolioBodySchema } from '@assetra/shared';
import { Router, type RequestHandler } from 'express';
import { accountOf } from '../middleware/account.js';
import { jsonBody } from '../middleware/body.js';
import { presentPortfolio } from '../presenters.js';
import type { Store } from '../store/port.js';

export function portfolioRoutes(deps: { authenticated: RequestHandler[]; store: Store }) {
  const router = Router();

  router.get('/portfolio', ...deps.authenticated, async (req, res) => {
    res.json({ portfolio: presentPortfolio(await deps.store.getPortfolio(accountOf(req).id)) });
  });

  router.patch('/portfolio', ...deps.authenticated, ...jsonBody(), async (req, res) => {
    const body = PatchPortfolioBodySchema.parse(req.body);
    const portfolio = await deps.store.updatePortfolio(accountOf(req).id, body);
    res.json({ portfolio: presentPortfolio(portfolio) });
  });

  return router;
}
