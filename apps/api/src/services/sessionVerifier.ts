import { HttpError, bearerChallenge } from '../errors.js';
import type { KeySource } from './jwks.js';
import {
  acceptableHeader,
  checkClaims,
  decodeToken,
  hasValidSignature,
  tooEarly,
  type VerifiedSession,
} from './sessionToken.js';
import { createTokenCache, type TokenCache } from './tokenCache.js';

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

/** 401 `invalid_token` with its RFC 6750 challenge. */
export const invalidToken = () =>
  new HttpError('invalid_token', undefined, { headers: bearerChallenge('invalid_token') });

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

  return async function verifySession(token: string): Promise<VerifiedSession> {
    const entry = cache.get(token);
    if (entry) {
      if (!tooEarly(entry.notBeforeMs, now()) && options.keys.trusts(entry.key))
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
