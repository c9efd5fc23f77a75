import { Router } from 'express';
import { sendProblem } from '../middleware/errors.js';
import type { Store } from '../store/port.js';

const READY_TIMEOUT_MS = 2000;

/** Probes: never authenticated, never rate limited; `/healthz` touches no database. */
export function healthRoutes(store: Store) {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error('timeout'));
      }, READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([store.ping(), timeout]);
      res.json({ status: 'ready' });
    } catch {
      sendProblem(req, res, 'not_ready', { detail: 'The database did not answer' });
    } finally {
      clearTimeout(timer);
    }
  });

  return router;
}
