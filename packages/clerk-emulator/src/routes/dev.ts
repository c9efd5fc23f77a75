import { Router } from 'express';
import { ClerkError } from '../errors.js';
import type { ClerkInstance } from '../instance.js';
import { sendJson } from '../http.js';
import type { SessionActivityParams } from '../sessions.js';

export type MintRequest = {
  sessionId: string;
  /** The device the token is minted for; becomes the session's `latest_activity`. */
  activity?: SessionActivityParams | undefined;
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

const ACTIVITY_STRINGS = {
  device_type: 'deviceType',
  browser_name: 'browserName',
  browser_version: 'browserVersion',
  city: 'city',
  country: 'country',
  ip_address: 'ipAddress',
} as const;

/** `activity` in Clerk's own field names (`SessionActivityResponse`), every one optional. */
function activityParam(value: unknown): SessionActivityParams | undefined {
  if (value === undefined) return undefined;
  const invalid = (detail: string) =>
    new ClerkError(422, 'form_param_format_invalid', 'is invalid', `activity${detail}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(' must be an object');
  const fields = value as Record<string, unknown>;
  const activity: SessionActivityParams = {};
  for (const [key, field] of Object.entries(fields)) {
    if (key === 'is_mobile' && typeof field === 'boolean') activity.isMobile = field;
    else if (Object.hasOwn(ACTIVITY_STRINGS, key) && typeof field === 'string')
      activity[ACTIVITY_STRINGS[key as keyof typeof ACTIVITY_STRINGS]] = field;
    else throw invalid(`.${key} is not a known activity field of the right type`);
  }
  return activity;
}

/**
 * Development-only conveniences with no Clerk counterpart: mint a token for a user id or an
 * email (creating the user), optionally from a described device (`activity`), and switch
 * Backend API faults on and off.
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
    const activity = activityParam(params.activity);
    const existing = typeof params.session_id === 'string' ? params.session_id : undefined;
    const sessionId = existing ?? instance.createSession({ userId, activity }).id;
    const jwt = await mint({
      sessionId,
      activity: existing ? activity : undefined,
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
