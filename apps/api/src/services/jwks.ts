import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** The signing keys could not be loaded from Clerk: the API answers 502, not 401. */
export class KeysUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Clerk signing keys unavailable', { cause });
    this.name = 'KeysUnavailableError';
  }
}

type Jwk = { kid?: unknown; kty?: unknown; n?: unknown; e?: unknown; use?: unknown; alg?: unknown };

/** Where the verifier gets keys: each one imported once, never per request. */
export type KeySource = {
  /** The RSA public key for a token's `kid`; null when Clerk has no such key. */
  keyFor(kid: string | undefined): Promise<KeyObject | null>;
};

/** A source with no keys: every token is refused. */
export const noKeySource: KeySource = { keyFor: () => Promise.resolve(null) };

const PEM_HEADER = '-----BEGIN PUBLIC KEY-----';
const PEM_TRAILER = '-----END PUBLIC KEY-----';
const RSA_2048_PREFIX = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA';
const RSA_EXPONENT_SUFFIX = 'IDAQAB';

/**
 * The key `@clerk/backend` would use for `jwtKey: pem`, or null when it would use none that
 * matches the PEM. Clerk does not parse the PEM: it cuts a fixed RSA-2048 / e=65537 prefix
 * and suffix off the text and takes the rest as the modulus. Any other key (RSA-4096, another
 * exponent, stray characters) makes Clerk refuse every token, so it must make us refuse too.
 */
function clerkEquivalentKey(pem: string): KeyObject | null {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'rsa') return null;
  const jwk = key.export({ format: 'jwk' });
  const modulus = pem
    .replace(/\r\n|\n|\r/g, '')
    .replace(PEM_HEADER, '')
    .replace(PEM_TRAILER, '')
    .replace(RSA_2048_PREFIX, '')
    .replace(RSA_EXPONENT_SUFFIX, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return jwk.n === modulus && jwk.e === 'AQAB' ? key : null;
}

/** Networkless: one configured key (`CLERK_JWT_KEY`), as Clerk's own `jwtKey` option works. */
export function staticKeySource(pem: string): KeySource {
  const key = Promise.resolve(clerkEquivalentKey(pem));
  return { keyFor: () => key };
}

export type JwksOptions = {
  apiUrl: string;
  secretKey: string;
  /** After a successful fetch, the earliest next one for an unknown `kid` (default 30 s). */
  refetchIntervalMs?: number;
  /** After a failed fetch, the earliest next attempt (default 1 s). */
  retryIntervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
};

/**
 * Keys from the Backend API JWKS (`GET /v1/jwks`), cached by `kid`. An unknown `kid` triggers
 * at most one fetch per interval, shared by every request waiting on it — a flood of forged
 * `kid`s can't turn into a flood of requests to Clerk.
 */
export function jwksKeySource(options: JwksOptions): KeySource {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const keys = new Map<string, KeyObject>();
  let nextFetchAt = 0;
  let inFlight: Promise<void> | undefined;

  async function load(): Promise<void> {
    const url = new URL(
      'v1/jwks',
      options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    );
    try {
      const response = await doFetch(url, {
        headers: { authorization: `Bearer ${options.secretKey}` },
        signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
      });
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const body = (await response.json()) as { keys?: Jwk[] };
      for (const jwk of body.keys ?? []) {
        if (
          typeof jwk.kid !== 'string' ||
          jwk.kty !== 'RSA' ||
          (jwk.use !== undefined && jwk.use !== 'sig') ||
          (jwk.alg !== undefined && jwk.alg !== 'RS256')
        )
          continue;
        const key = createPublicKey({
          key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey,
          format: 'jwk',
        });
        // Clerk's keys are RSA-2048, e = 65537; its PEM path (`jwtKey`) takes no other.
        const details = key.asymmetricKeyDetails;
        if (details?.modulusLength === 2048 && details.publicExponent === 65537n)
          keys.set(jwk.kid, key);
      }
      nextFetchAt = now() + (options.refetchIntervalMs ?? 30_000);
    } catch (error) {
      nextFetchAt = now() + (options.retryIntervalMs ?? 1000);
      throw new KeysUnavailableError(error);
    }
  }

  return {
    async keyFor(kid) {
      if (kid === undefined) return null;
      const known = keys.get(kid);
      if (known) return known;
      if (!inFlight && now() < nextFetchAt) {
        // No key at all yet (Clerk failing since start): an outage, not a bad token.
        if (keys.size === 0) throw new KeysUnavailableError(new Error('no signing keys loaded'));
        return null;
      }
      inFlight ??= load().finally(() => {
        inFlight = undefined;
      });
      try {
        await inFlight;
      } catch (error) {
        // With keys in hand, a failing Clerk only means this kid is unknown to us.
        if (keys.size === 0) throw error;
      }
      return keys.get(kid) ?? null;
    },
  };
}
