import { Router } from 'express';
import { sendProblem } from '../middleware/errors.js';
import type { Store } from '../store/port.js';
import { withTimeout } from '../timeout.js';

const READY_TIMEOUT_MS = 2000;

/** Probes: never authenticated, never rate limited; `/healthz` touches no database. */
export function healthRoutes(store: Store) {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    try {
      await withTimeout(store.ping(), READY_TIMEOUT_MS, () => {
        throw new Error('timeout');
      });
      res.json({ status: 'ready' });
    } catch {
      sendProblem(req, res, 'not_ready', { detail: 'The database did not answer' });
    }
  });

  return router;
}
