import type { NextFunction, Request, Response } from 'express';
import { HttpError, bearerChallenge } from '../errors.js';
import type { KeySource } from '../services/jwks.js';
import { KeysUnavailableError } from '../services/jwks.js';
import {
  acceptableHeader,
  checkClaims,
  decodeToken,
  hasValidSignature,
  tooEarly,
} from '../services/sessionToken.js';
import { createTokenCache, type TokenCache } from '../services/tokenCache.js';

export type AuthOptions = {
  keys: KeySource;
  issuer: string | undefined;
  authorizedParties: string[];
  allowMissingAzp: boolean;
  /** Tokens already verified, by exact string; default: createTokenCache() on `now`. */
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
 * (plus skew; the cache's TTL), so a client's repeated requests cost a map lookup, not an RSA
 * verification; that it is not early (the clock may step back) and that its key is still
 * trusted (a retired key is not) are checked again on every use.
 */
export function createSessionVerifier(options: AuthOptions): SessionVerifier {
  const now = options.now ?? Date.now;
  const cache = options.cache ?? createTokenCache({ now });
  const rules = {
    issuer: options.issuer,
    authorizedParties: options.authorizedParties,
    allowMissingAzp: options.allowMissingAzp,
  };

  function known(token: string): VerifiedSession | undefined {
    const entry = cache.get(token);
    if (!entry) return undefined;
    if (!tooEarly(entry.notBeforeMs, now()) && options.keys.trusts(entry.key)) return entry.session;
    cache.delete(token);
    return undefined;
  }

  async function verifySession(token: string): Promise<VerifiedSession> {
    const hit = known(token);
    if (hit) return hit;
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
  }

  return Object.assign(verifySession, { known });
}

export type SessionVerifier = ((token: string) => Promise<VerifiedSession>) & {
  /** The session of a token this verifier accepted before and would accept now; no I/O. */
  known(token: string): VerifiedSession | undefined;
};

/** Whether a session was revoked: a plain boolean when the answer is already in memory. */
export type RevocationCheck = (sessionId: string, req: Request) => boolean | Promise<boolean>;

function admit(req: Request, session: VerifiedSession, revoked: boolean, next: NextFunction) {
  if (revoked) throw invalidToken();
  req.user = session;
  next();
}

async function verifyThenAdmit(
  verify: SessionVerifier,
  isRevoked: RevocationCheck,
  token: string,
  req: Request,
  next: NextFunction,
) {
  let session: VerifiedSession;
  try {
    session = await verify(token);
  } catch (error) {
    if (error instanceof KeysUnavailableError) throw new HttpError('upstream_unavailable');
    throw error instanceof HttpError ? error : invalidToken();
  }
  admit(req, session, await isRevoked(session.sessionId, req), next);
}

/**
 * Express middleware: a verified session token of a session not revoked (Clerk's `session.*`
 * webhooks) becomes `req.user`; anything else is refused. A token seen before, of a session
 * whose state is in memory, passes without a single await.
 */
export function authenticate(verify: SessionVerifier, isRevoked: RevocationCheck) {
  return (req: Request, res: Response, next: NextFunction): undefined | Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    const token = extractBearer(req);
    const session = verify.known(token);
    if (!session) return verifyThenAdmit(verify, isRevoked, token, req, next);
    const revoked = isRevoked(session.sessionId, req);
    if (typeof revoked === 'boolean') {
      admit(req, session, revoked, next);
      return undefined;
    }
    return revoked.then((answer) => {
      admit(req, session, answer, next);
    });
  };
}
