import type { NextFunction, Request, Response } from 'express';
import { HttpError, bearerChallenge } from '../errors.js';
import { KeysUnavailableError } from '../services/jwks.js';
import type { VerifiedSession } from '../services/sessionToken.js';
import { invalidToken, type SessionVerifier } from '../services/sessionVerifier.js';

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
