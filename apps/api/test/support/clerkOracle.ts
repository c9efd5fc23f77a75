import { verifyToken } from '@clerk/backend';

export type VerifierOptions = {
  pem: string;
  issuer: string;
  authorizedParties: string[];
  allowMissingAzp: boolean;
};

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeObject(segment: string | undefined): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(strictUtf8.decode(Buffer.from(segment ?? '', 'base64url')));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const nonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';
/** Clerk's own computation of a time claim (`new Date(0).setUTCSeconds(v)`) gives a date. */
const representable = (v: unknown) =>
  typeof v !== 'number' || !Number.isNaN(new Date(0).setUTCSeconds(v));

/**
 * Whether Clerk would accept the token as the API's contract defines a session token:
 * `@clerk/backend` `verifyToken` with the same key, issuer, authorized parties and 5 s skew
 * accepts it, AND the rules the contract adds on top of Clerk's verifier hold:
 * - RS256 only (verifyToken also takes RS384/RS512 from the same key);
 * - `sub` and `sid` non-empty strings (verifyToken takes `sub: ""` and a JWT-template token
 *   without `sid`, which is not a session token);
 * - a missing `azp` passes only with CLERK_ALLOW_MISSING_AZP (then azp is not checked at all);
 * - compact JWS as RFC 7515 has it: a token68 value of at most 8192 characters whose header
 *   and payload are UTF-8 JSON objects (verifyToken also takes padded segments and replaces
 *   invalid UTF-8). Not written in the contract; the API's own input limit;
 * - `exp`, `nbf`, `iat` within what a Date holds: verifyToken computes NaN for them and NaN
 *   passes every comparison, so it accepts `exp: 1e300` (services/sessionToken.ts).
 */
export async function clerkAccepts(token: string, options: VerifierOptions): Promise<boolean> {
  if (token.length > 8192 || !TOKEN68.test(token)) return false;
  const [rawHeader, rawPayload, ...rest] = token.split('.');
  if (rest.length !== 1) return false;
  const header = decodeObject(rawHeader);
  const payload = decodeObject(rawPayload);
  if (!header || !payload || header.alg !== 'RS256') return false;
  if (!nonEmptyString(payload.sub) || !nonEmptyString(payload.sid)) return false;
  if (['exp', 'nbf', 'iat'].some((claim) => !representable(payload[claim]))) return false;
  const checkAzp =
    options.authorizedParties.length > 0 && !(payload.azp === undefined && options.allowMissingAzp);
  try {
    await verifyToken(token, {
      jwtKey: options.pem,
      issuer: options.issuer,
      authorizedParties: checkAzp ? options.authorizedParties : undefined,
      clockSkewInMs: 5000,
    });
    return true;
  } catch {
    return false;
  }
}
