import type { NextFunction, Request, Response } from 'express';
import { HttpError, bearerChallenge } from '../errors.js';
import type { KeySource } from '../services/jwks.js';
import { KeysUnavailableError } from '../services/jwks.js';
import {
  acceptableHeader,
  checkClaims,
  decodeToken,
  hasValidSignature,
  withinLifetime,
} from '../services/sessionToken.js';
import { createTokenCache, type TokenCache } from '../services/tokenCache.js';

export type AuthOptions = {
  keys: KeySource;
  issuer: string | undefined;
  authorizedParties: string[];
  allowMissingAzp: boolean;
  /** Tokens already verified, by exact string; default: createTokenCache(). */
  cache?: TokenCache;
  /** Wall clock for exp/nbf/iat (default Date.now). */
  now?: () => number;
};

export type VerifiedSession = {
  clerkUserId: string;
  sessionId: string;
  fva: [number, number] | null;
  /** An `email` custom session claim, when the Clerk instance adds one. */
  email: string | undefined;
};

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
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    // Every request pays this loop: compare lengths before lower-casing anything.
    if (name?.length === 13 && name.toLowerCase() === 'authorization')
      values.push(raw[i + 1] ?? '');
  }
  return values;
}

function hasQueryToken(req: Request): boolean {
  if (!req.originalUrl.includes('?')) return false;
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
 * Verifies a Clerk session token as `@clerk/backend` `verifyToken` does (see
 * services/sessionToken.ts), plus the contract's rules: RS256 only, a session id, azp rules
 * for native clients. A token that passed is remembered by its exact string until its `exp`
 * (plus skew), so a client's repeated requests cost a map lookup, not an RSA verification;
 * its time claims, and that its key is still trusted (a retired key is not), are checked again
 * on every use.
 */
export function createSessionVerifier(options: AuthOptions): SessionVerifier {
  const cache = options.cache ?? createTokenCache();
  const now = options.now ?? Date.now;
  const rules = {
    issuer: options.issuer,
    authorizedParties: options.authorizedParties,
    allowMissingAzp: options.allowMissingAzp,
  };

  return async function verifySession(token: string): Promise<VerifiedSession> {
    const entry = cache.get(token);
    if (entry) {
      if (withinLifetime(entry.expMs, entry.notBeforeMs, now()) && options.keys.trusts(entry.key))
        return entry.session;
      cache.delete(token);
    }
    const decoded = decodeToken(token);
    if (!decoded || !acceptableHeader(decoded.header)) throw invalidToken();
    const kid = decoded.header.kid;
    const key = await options.keys.keyFor(typeof kid === 'string' ? kid : undefined);
    if (!key || !hasValidSignature(decoded, key)) throw invalidToken();
    const claims = checkClaims(decoded.payload, rules, now());
    if (!claims) throw invalidToken();
    const session: VerifiedSession = Object.freeze({
      clerkUserId: claims.clerkUserId,
      sessionId: claims.sessionId,
      fva: claims.fva,
      email: claims.email,
    });
    cache.set(token, { session, expMs: claims.expMs, notBeforeMs: claims.notBeforeMs, key });
    return session;
  };
}

export type SessionVerifier = (token: string) => Promise<VerifiedSession>;

/** Whether a session was revoked. */
export type RevocationCheck = (sessionId: string, req: Request) => Promise<boolean>;

async function verified(verify: SessionVerifier, token: string): Promise<VerifiedSession> {
  try {
    return await verify(token);
  } catch (error) {
    if (error instanceof KeysUnavailableError) throw new HttpError('upstream_unavailable');
    throw error instanceof HttpError ? error : invalidToken();
  }
}

/**
 * Express middleware: a verified session token of a session not revoked (Clerk's `session.*`
 * webhooks) becomes `req.user`; anything else is refused.
 */
export function authenticate(verify: SessionVerifier, isRevoked: RevocationCheck) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    const session = await verified(verify, extractBearer(req));
    if (await isRevoked(session.sessionId, req)) throw invalidToken();
    req.user = session;
    next();
  };
}
