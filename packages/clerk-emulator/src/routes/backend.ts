import { Router } from 'express';
import type { JWK } from 'jose';
import { ClerkError } from '../errors.js';
import type { ClerkInstance } from '../instance.js';
import { optionalString, pagination, requiredString, sendJson, stringList } from '../http.js';
import { signInTokenJSON } from '../records.js';
import type { TokenMinter } from './dev.js';

type Body = Record<string, unknown>;

const body = (value: unknown): Body =>
  typeof value === 'object' && value !== null ? (value as Body) : {};

export type BackendDeps = {
  instance: ClerkInstance;
  issuer: () => string;
  mint: TokenMinter;
  jwks: () => { keys: JWK[] };
};

/** Clerk Backend API routes (`/v1/...`, secret key required), the subset Assetra uses. */
export function backendRoutes({ instance, issuer, mint, jwks }: BackendDeps) {
  const router = Router();

  router.get('/jwks', (_req, res) => {
    sendJson(res, 200, jwks());
  });

  router.post('/users', (req, res) => {
    const params = body(req.body);
    const user = instance.createUser({
      emailAddress: stringList(params.email_address),
      firstName: optionalString(params.first_name, 'first_name'),
      lastName: optionalString(params.last_name, 'last_name'),
      externalId: optionalString(params.external_id, 'external_id'),
    });
    sendJson(res, 200, user);
  });

  router.get('/users', (req, res) => {
    const query = req.query;
    const users = instance.listUsers({
      emailAddress: stringList(query.email_address),
      userId: stringList(query.user_id),
    });
    const { limit, offset } = pagination(query);
    sendJson(res, 200, users.slice(offset, offset + limit));
  });

  router.get('/users/count', (req, res) => {
    const users = instance.listUsers({
      emailAddress: stringList(req.query.email_address),
      userId: stringList(req.query.user_id),
    });
    sendJson(res, 200, { object: 'total_count', total_count: users.length });
  });

  router.get('/users/:id', (req, res) => {
    sendJson(res, 200, instance.getUser(req.params.id));
  });

  router.patch('/users/:id', (req, res) => {
    const params = body(req.body);
    const user = instance.updateUser(req.params.id, {
      firstName: optionalString(params.first_name, 'first_name'),
      lastName: optionalString(params.last_name, 'last_name'),
      externalId: optionalString(params.external_id, 'external_id'),
      primaryEmailAddressId:
        optionalString(params.primary_email_address_id, 'primary_email_address_id') ?? undefined,
    });
    sendJson(res, 200, user);
  });

  router.delete('/users/:id', (req, res) => {
    sendJson(res, 200, instance.deleteUser(req.params.id));
  });

  for (const [action, flag, value] of [
    ['ban', 'banned', true],
    ['unban', 'banned', false],
    ['lock', 'locked', true],
    ['unlock', 'locked', false],
  ] as const) {
    router.post(`/users/:id/${action}`, (req, res) => {
      sendJson(res, 200, instance.setFlag(req.params.id, flag, value));
    });
  }

  router.post('/email_addresses', (req, res) => {
    const params = body(req.body);
    const userId = requiredString(params.user_id, 'user_id');
    const user = instance.addEmailAddress(
      userId,
      requiredString(params.email_address, 'email_address'),
      params.primary === true,
    );
    const address = user.email_addresses.at(-1);
    sendJson(res, 200, address);
  });

  router.post('/sessions', (req, res) => {
    const userId = requiredString(body(req.body).user_id, 'user_id');
    sendJson(res, 200, instance.createSession({ userId }));
  });

  router.get('/sessions', (req, res) => {
    const query = req.query;
    const userId = optionalString(query.user_id, 'user_id') ?? undefined;
    const clientId = optionalString(query.client_id, 'client_id') ?? undefined;
    if (!userId && !clientId) {
      throw new ClerkError(
        422,
        'form_param_missing',
        'is missing',
        'user_id or client_id must be included',
      );
    }
    const status = sessionStatusParam(query.status);
    const { limit, offset } = pagination(query);
    const sessions = instance.listSessions({ userId, clientId, status });
    const page = sessions.slice(offset, offset + limit);
    // `paginated=true` (what @clerk/backend's getSessionList sends) wraps the page with a count.
    sendJson(
      res,
      200,
      query.paginated === 'true' ? { data: page, total_count: sessions.length } : page,
    );
  });

  router.get('/sessions/:id', (req, res) => {
    sendJson(res, 200, instance.getSession(req.params.id));
  });

  router.post('/sessions/:id/revoke', (req, res) => {
    sendJson(res, 200, instance.revokeSession(req.params.id));
  });

  router.post('/sessions/:id/tokens', async (req, res) => {
    const seconds = body(req.body).expires_in_seconds;
    const ttlSeconds = typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
    const jwt = await mint({ sessionId: req.params.id, ttlSeconds });
    sendJson(res, 200, { object: 'token', jwt });
  });

  router.post('/sign_in_tokens', (req, res) => {
    const params = body(req.body);
    const userId = requiredString(params.user_id, 'user_id');
    const seconds = params.expires_in_seconds ?? 2_592_000;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
      throw new ClerkError(
        422,
        'form_param_format_invalid',
        'is invalid',
        'expires_in_seconds must be a positive integer',
      );
    }
    sendJson(res, 200, signInTokenJSON(instance.createSignInToken(userId, seconds), issuer()));
  });

  router.post('/sign_in_tokens/:id/revoke', (req, res) => {
    sendJson(res, 200, signInTokenJSON(instance.revokeSignInToken(req.params.id), issuer()));
  });

  return router;
}

/** The statuses Clerk's `GET /v1/sessions?status=` accepts. */
const SESSION_STATUSES = [
  'abandoned',
  'active',
  'ended',
  'expired',
  'removed',
  'replaced',
  'revoked',
] as const;

function sessionStatusParam(value: unknown): (typeof SESSION_STATUSES)[number] | undefined {
  if (value === undefined) return undefined;
  const status = SESSION_STATUSES.find((known) => known === value);
  if (!status) {
    throw new ClerkError(
      422,
      'form_param_value_invalid',
      'is invalid',
      `status must be one of ${SESSION_STATUSES.join(', ')}`,
    );
  }
  return status;
}
