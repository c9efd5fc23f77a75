import { SignJWT } from 'jose';
import type { SigningKey } from './keys.js';

export const DEFAULT_TOKEN_TTL_SECONDS = 60;

/** What a Clerk v2 session token carries; see Clerk's "Session tokens" reference. */
export type SessionTokenClaims = {
  sub: string;
  sid: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  v: 2;
  /** Minutes since the first and the second factor were verified; -1 = never. */
  fva: [number, number];
  azp?: string;
  [extra: string]: unknown;
};

export type MintOptions = {
  userId: string;
  sessionId: string;
  issuer: string;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  ttlSeconds?: number;
  fva?: [number, number];
  azp?: string;
  /** Custom session claims, as a Clerk instance's "Customize session token" adds (e.g. `email`). */
  extraClaims?: Record<string, unknown>;
};

export function sessionTokenClaims(options: MintOptions): SessionTokenClaims {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    ...options.extraClaims,
    sub: options.userId,
    sid: options.sessionId,
    iss: options.issuer,
    iat,
    nbf: iat - 5,
    exp: iat + (options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS),
    v: 2,
    fva: options.fva ?? [0, -1],
  };
  if (options.azp !== undefined) claims.azp = options.azp;
  return claims;
}

/** Signs a session token exactly as Clerk does: RS256, `kid` and `typ` in the header. */
export async function signSessionToken(key: SigningKey, options: MintOptions): Promise<string> {
  return new SignJWT(sessionTokenClaims(options))
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}
