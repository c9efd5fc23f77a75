import { SecurityEventsQuerySchema, type SecurityEvent } from '@assetra/shared';
import { Router, type Request, type RequestHandler } from 'express';
import { accountOf } from '../middleware/account.js';
import { pathParam, undecodedRoute } from '../middleware/pathParams.js';
import { decodeCursor, encodeCursor, type SecurityCenter } from '../services/securityCenter.js';
import type { SecurityEventRecord, Store } from '../store/port.js';

const presentEvent = (event: SecurityEventRecord): SecurityEvent => ({
  id: event.id,
  type: event.type,
  at: event.at.toISOString(),
  device: event.device,
  detail: event.detail,
});

function sessionOf(req: Request) {
  if (!req.user) throw new Error('authenticate() did not set req.user');
  return req.user;
}

/** The Security center: the caller's sessions and what happened to the account. */
export function securityRoutes(deps: {
  authenticated: RequestHandler[];
  store: Store;
  center: SecurityCenter;
}) {
  const { store, center } = deps;
  const router = Router();

  router.get('/users/me/sessions', ...deps.authenticated, async (req, res) => {
    const sessions = await center.sessions(accountOf(req), sessionOf(req).sessionId);
    res.json({ sessions });
  });

  router.post('/users/me/sessions/revoke-others', ...deps.authenticated, async (req, res) => {
    const revoked = await center.revokeOthers(accountOf(req), sessionOf(req).sessionId);
    res.json({ revoked });
  });

  const oneSession = undecodedRoute('/users/me/sessions/:sessionId');
  router.delete(oneSession, ...deps.authenticated, async (req, res) => {
    await center.revoke(accountOf(req), pathParam(req, 'sessionId'));
    res.status(204).end();
  });

  router.get('/users/me/security-events', ...deps.authenticated, async (req, res) => {
    const query = SecurityEventsQuerySchema.parse(req.query);
    const before = query.before === undefined ? undefined : decodeCursor(query.before, store);
    const page = await store.listSecurityEvents(accountOf(req).id, {
      limit: query.limit,
      ...(before ? { before } : {}),
    });
    center.purgeInBackground();
    res.json({
      events: page.events.map(presentEvent),
      next: page.next ? encodeCursor(page.next) : null,
    });
  });

  return router;
}
