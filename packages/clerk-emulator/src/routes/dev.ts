import { Router } from 'express';
import { ClerkError } from '../errors.js';
import type { ClerkInstance } from '../instance.js';
import { sendJson } from '../http.js';

export type MintRequest = {
  sessionId: string;
  ttlSeconds?: number | undefined;
  fva?: [number, number] | undefined;
  azp?: string | undefined;
  extraClaims?: Record<string, unknown> | undefined;
};

export type TokenMinter = (request: MintRequest) => Promise<string>;

type DevDeps = {
  instance: ClerkInstance;
  mint: TokenMinter;
  fault: { mode: 'error' | 'hang' | null };
};

const isFva = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n));

/**
 * Development-only conveniences with no Clerk counterpart: mint a token for a user id or an
 * email (creating the user), and switch Backend API faults on and off.
 */
export function devRoutes({ instance, mint, fault }: DevDeps) {
  const router = Router();

  router.post('/tokens', async (req, res) => {
    const params = (req.body ?? {}) as Record<string, unknown>;
    let userId = typeof params.user_id === 'string' ? params.user_id : undefined;
    if (!userId && typeof params.email === 'string') {
      userId =
        instance.findUserIdByEmail(params.email) ??
        instance.createUser({ emailAddress: [params.email] }).id;
    }
    if (!userId)
      throw new ClerkError(
        422,
        'form_param_missing',
        'is missing',
        'user_id or email must be included',
      );
    const sessionId =
      typeof params.session_id === 'string'
        ? params.session_id
        : instance.createSession({ userId }).id;
    const jwt = await mint({
      sessionId,
      ttlSeconds:
        typeof params.expires_in_seconds === 'number' ? params.expires_in_seconds : undefined,
      fva: isFva(params.fva) ? params.fva : undefined,
      azp: typeof params.azp === 'string' ? params.azp : undefined,
    });
    sendJson(res, 200, { object: 'token', jwt, session_id: sessionId, user_id: userId });
  });

  router.post('/fault', (req, res) => {
    const mode = (req.body as { mode?: unknown } | undefined)?.mode;
    if (mode !== 'error' && mode !== 'hang' && mode !== 'none') {
      throw new ClerkError(
        422,
        'form_param_format_invalid',
        'is invalid',
        'mode must be error, hang or none',
      );
    }
    fault.mode = mode === 'none' ? null : mode;
    sendJson(res, 200, { mode });
  });

  return router;
}
