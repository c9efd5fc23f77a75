import { verify as verifySignature, type KeyObject } from 'node:crypto';

/**
 * Clerk's session-token verification, re-implemented from `@clerk/backend` 3.25 (`verifyToken`
 * → `decodeJwt`, `verifyJwt`, `assert*` in src/jwt/assertions.ts) so the key is imported once,
 * not on every call (node:crypto with a KeyObject: about twice as fast as `jose` on a token not
 * yet cached).
 * The same as Clerk:
 * - `verifyToken`: a header `cat` of `cl_B7d4PD333AAA` (an M2M token) is refused;
 * - `assertHeaderType`: `typ` absent or "JWT"; signature: PKCS#1 v1.5 over `header.payload`;
 * - `assertSubClaim`, `assertIssuerClaim` (when CLERK_ISSUER is set: `iss` equal to it),
 *   `assertAuthorizedPartiesClaim` (when CLERK_AUTHORIZED_PARTIES is set: `azp` one of them);
 * - `assertExpirationClaim`, `assertActivationClaim` (nbf), `assertIssuedAtClaim`: numbers,
 *   truncated to whole seconds, 5 s skew; expired when exp ≤ now − skew, early when nbf or
 *   iat > now + skew; `nbf` and `iat` optional.
 * Stricter (a genuine Clerk session token passes anyway):
 * - `assertHeaderAlgorithm`: RS256 only (Clerk also takes RS384 and RS512);
 * - `sub` non-empty (Clerk takes ""), and `sid` a non-empty string (Clerk does not look at it;
 *   a JWT-template token has none);
 * - `decodeJwt`: a token68 value of at most 8192 characters; header and payload canonical
 *   base64url without padding (Clerk's `loose` parse takes `=` on every part; here only the
 *   signature's), decoding to strict UTF-8 (Clerk replaces invalid bytes) JSON objects;
 * - `exp`, `nbf`, `iat` must be dates JavaScript can represent (±8.64e15 ms): Clerk's
 *   `setUTCSeconds` turns `1e300` into NaN, which passes every comparison.
 * Looser only by the contract's choice: with CLERK_ALLOW_MISSING_AZP, a token without `azp`
 * skips the authorized-parties check (Clerk refuses it whenever parties are configured).
 * Not here: `aud` (the API configures no audience) and finding the key by `kid`
 * (services/jwks.ts). Equality with Clerk, these differences included, is proved by
 * test/auth/tokenDifferential.test.ts against the real `verifyToken`.
 */

/** `exp`/`nbf`/`iat` tolerance, as Clerk's `clockSkewInMs`. */
export const CLOCK_SKEW_MS = 5000;
const MAX_TOKEN_LENGTH = 8192;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Clerk's machine-to-machine token category, which `verifyToken` refuses as a session token. */
const M2M_CATEGORY = 'cl_B7d4PD333AAA';
/** JavaScript's `Date` range (±8.64e15 ms); beyond it Clerk's checks see NaN. */
const MAX_DATE_MS = 8.64e15;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type ClaimRules = {
  issuer: string | undefined;
  authorizedParties: string[];
  allowMissingAzp: boolean;
};

/** Who a verified session token speaks for: what a request carries as `req.user`. */
export type VerifiedSession = {
  clerkUserId: string;
  sessionId: string;
  fva: [number, number] | null;
  /** An `email` custom session claim, when the Clerk instance adds one. */
  email: string | undefined;
};

export type VerifiedClaims = VerifiedSession & {
  /** The instants Clerk compares with the clock, in ms (`Math.trunc(seconds) * 1000`). */
  expMs: number;
  /** The later of `nbf` and `iat` (each optional). */
  notBeforeMs: number;
};

export type DecodedToken = {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
};

/** Clerk's `base64url.parse(…, { loose: true })`: canonical only, trailing `=` ignored. */
function base64url(segment: string, allowPadding: boolean): Buffer | null {
  let end = segment.length;
  if (allowPadding) while (end > 0 && segment.charCodeAt(end - 1) === 61) end -= 1;
  const text = end === segment.length ? segment : segment.slice(0, end);
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  // Node ignores stray trailing bits and a dangling character; Clerk refuses both.
  return bytes.toString('base64url') === text ? bytes : null;
}

function jsonObject(segment: string): Record<string, unknown> | null {
  const bytes = base64url(segment, false);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The parts of a compact JWS, or null for anything Clerk (or our stricter form) refuses. */
export function decodeToken(token: string): DecodedToken | null {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN68.test(token)) return null;
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.includes('.', second + 1)) return null;
  const header = jsonObject(token.slice(0, first));
  const payload = header && jsonObject(token.slice(first + 1, second));
  const signature = payload && base64url(token.slice(second + 1), true);
  if (!header || !payload || !signature) return null;
  return { header, payload, signingInput: token.slice(0, second), signature };
}

/** `typ` absent or exactly "JWT" (Clerk's `assertHeaderType`), `alg` RS256, not an M2M token. */
export function acceptableHeader(header: Record<string, unknown>): boolean {
  return (
    header.alg === 'RS256' &&
    (header.typ === undefined || header.typ === 'JWT') &&
    header.cat !== M2M_CATEGORY
  );
}

export function hasValidSignature(decoded: DecodedToken, key: KeyObject): boolean {
  try {
    return verifySignature(
      'RSA-SHA256',
      Buffer.from(decoded.signingInput, 'latin1'),
      key,
      decoded.signature,
    );
  } catch {
    return false;
  }
}

/** Seconds as Clerk's `new Date(0).setUTCSeconds(value)` sees them; null outside Date's range. */
function instantMs(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') return null;
  const ms = Math.trunc(value) * 1000;
  return Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Clerk's claim assertions plus the contract's (sid, azp rules); null when any fails at `now`. */
export function checkClaims(
  payload: Record<string, unknown>,
  rules: ClaimRules,
  now: number,
): VerifiedClaims | null {
  const { sub, sid, iss, azp, fva, email } = payload;
  if (!nonEmpty(sub) || !nonEmpty(sid)) return null;
  if (rules.issuer !== undefined && iss !== rules.issuer) return null;
  const checkAzp =
    rules.authorizedParties.length > 0 && !(azp === undefined && rules.allowMissingAzp);
  if (checkAzp && !(nonEmpty(azp) && rules.authorizedParties.includes(azp))) return null;
  const expMs = instantMs(payload.exp);
  const nbfMs = instantMs(payload.nbf);
  const iatMs = instantMs(payload.iat);
  if (expMs === undefined || expMs === null || nbfMs === null || iatMs === null) return null;
  const notBeforeMs = Math.max(nbfMs ?? -MAX_DATE_MS, iatMs ?? -MAX_DATE_MS);
  if (!withinLifetime(expMs, notBeforeMs, now)) return null;
  return {
    clerkUserId: sub,
    sessionId: sid,
    fva:
      Array.isArray(fva) && fva.length === 2 && fva.every(Number.isInteger)
        ? (fva as [number, number])
        : null,
    email: typeof email === 'string' ? email : undefined,
    expMs,
    notBeforeMs,
  };
}

/** Clerk: expired when exp ≤ now − skew, i.e. from exp + skew on. */
export const expiredFrom = (expMs: number): number => expMs + CLOCK_SKEW_MS;

/** Clerk: too early when nbf or iat > now + skew. */
export const tooEarly = (notBeforeMs: number, now: number): boolean =>
  notBeforeMs > now + CLOCK_SKEW_MS;

function withinLifetime(expMs: number, notBeforeMs: number, now: number): boolean {
  return now < expiredFrom(expMs) && !tooEarly(notBeforeMs, now);
}
