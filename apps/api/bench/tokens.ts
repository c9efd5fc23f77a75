import { sign, type KeyObject } from 'node:crypto';

/** What the bench's Clerk instance looks like to every server under test. */
export const ISSUER = 'https://clerk.bench.test';
export const AZP = 'https://app.bench.test';
/** A publishable key for ISSUER's host, as `@clerk/express` needs one. */
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from('clerk.bench.test$').toString('base64')}`;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export type MintInput = {
  kid: string;
  userId: string;
  sessionId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** Clerk's session tokens live 60 s. */
  ttlSeconds?: number;
  email?: string;
};

/** A Clerk v2 session token (header and claims as Clerk sets them), signed RS256. */
export function mint(key: KeyObject, input: MintInput): string {
  const iat = input.issuedAt;
  const header = b64({ alg: 'RS256', kid: input.kid, typ: 'JWT' });
  const payload = b64({
    azp: AZP,
    exp: iat + (input.ttlSeconds ?? 60),
    fva: [0, -1],
    iat,
    iss: ISSUER,
    nbf: iat - 5,
    sid: input.sessionId,
    sub: input.userId,
    v: 2,
    ...(input.email ? { email: input.email } : {}),
  });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Yields to the event loop now and then, so a long minting run does not starve IPC. */
export async function mintMany(
  key: KeyObject,
  count: number,
  input: (i: number) => MintInput,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    tokens.push(mint(key, input(i)));
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
  return tokens;
}
