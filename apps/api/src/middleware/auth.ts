import { verifyToken } from '@clerk/backend';
import type { NextFunction, Request, Response } from 'express';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { HttpError, bearerChallenge } from '../errors.js';
import type { KeySource } from '../services/jwks.js';
import { KeysUnavailableError } from '../services/jwks.js';

export type AuthOptions = {
  keys: KeySource;
  issuer: string | undefined;
  authorizedParties: string[];
  allowMissingAzp: boolean;
};

export type VerifiedSession = {
  clerkUserId: string;
  sessionId: string;
  fva: [number, number] | null;
  /** An `email` custom session claim, when the Clerk instance adds one. */
  email: string | undefined;
};

const CLOCK_SKEW_MS = 5000;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

const invalidToken = () =>
  new HttpError('invalid_token', undefined, { headers: bearerChallenge('invalid_token') });
const unauthenticated = () =>
  new HttpError('unauthenticated', undefined, { headers: bearerChallenge() });
const sentTwice = () =>
  new HttpError('invalid_request', 'Send the token once, in the Authorization header', {
    headers: bearerChallenge('invalid_request'),
  });

/** How many `Authorization` headers arrived: Node keeps only the first, rawHeaders has them all. */
function authorizationHeaders(req: Request): string[] {
  const values: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'authorization')
      values.push(req.rawHeaders[i + 1] ?? '');
  }
  return values;
}

function hasQueryToken(req: Request): boolean {
  const query = req.originalUrl.split('?')[1];
  return query !== undefined && new URLSearchParams(query).has('access_token');
}

/** The bearer token of a request, or the contract's refusal. Tokens elsewhere are never used. */
export function extractBearer(req: Request): string {
  const headers = authorizationHeaders(req);
  if (headers.length > 1 || (headers.length === 1 && hasQueryToken(req))) throw sentTwice();
  const match = /^Bearer(?: +(.*))?$/i.exec(headers[0] ?? '');
  const credential = match?.[1]?.trim();
  if (!credential) throw unauthenticated();
  return credential;
}

/**
 * Verifies a Clerk session token with `@clerk/backend`, adding what Clerk's verifier leaves
 * to the caller: RS256 only, a session id, and azp rules for native clients.
 */
export function createSessionVerifier(options: AuthOptions) {
  return async function verifySession(token: string): Promise<VerifiedSession> {
    if (token.length > 8192 || !TOKEN68.test(token)) throw invalidToken();
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw invalidToken();
    }
    if (header.alg !== 'RS256') throw invalidToken();
    const pem = await options.keys.pemFor(header.kid);
    if (!pem) throw invalidToken();
    const skipAzp = unverified.azp === undefined && options.allowMissingAzp;
    let payload: Awaited<ReturnType<typeof verifyToken>>;
    try {
      payload = await verifyToken(token, {
        jwtKey: pem,
        issuer: options.issuer,
        authorizedParties:
          skipAzp || options.authorizedParties.length === 0 ? undefined : options.authorizedParties,
        clockSkewInMs: CLOCK_SKEW_MS,
      });
    } catch {
      throw invalidToken();
    }
    const { sub, sid, fva, email } = payload as {
      sub: unknown;
      sid?: unknown;
      fva?: unknown;
      email?: unknown;
    };
    if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || sid === '')
      throw invalidToken();
    return {
      clerkUserId: sub,
      sessionId: sid,
      fva:
        Array.isArray(fva) && fva.length === 2 && fva.every(Number.isInteger)
          ? (fva as [number, number])
          : null,
      email: typeof email === 'string' ? email : undefined,
    };
  };
}

export type SessionVerifier = ReturnType<typeof createSessionVerifier>;

/**
 * Express middleware: a verified session token of a session not revoked (Clerk's `session.*`
 * webhooks) becomes `req.user`; anything else is refused.
 */
export function authenticate(
  verify: SessionVerifier,
  isRevoked: (sessionId: string) => Promise<boolean>,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    let session: VerifiedSession;
    try {
      session = await verify(extractBearer(req));
    } catch (error) {
      if (error instanceof KeysUnavailableError) throw new HttpError('upstream_unavailable');
      throw error instanceof HttpError ? error : invalidToken();
    }
    if (await isRevoked(session.sessionId)) throw invalidToken();
    req.user = session;
    next();
  };
}
