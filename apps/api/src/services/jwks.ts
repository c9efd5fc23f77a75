import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, customFetch, jwksCache, type ExportedJWKSCache } from 'jose';

/** The signing keys could not be loaded from Clerk: the API answers 502, not 401. */
export class KeysUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Clerk signing keys unavailable', { cause });
    this.name = 'KeysUnavailableError';
  }
}

/** Where the verifier gets keys: each one imported once, never per request. */
export type KeySource = {
  /** The RSA public key for a token's `kid`; null when Clerk has no such key. */
  keyFor(kid: string | undefined): Promise<KeyObject | null>;
  /**
   * Whether a key keyFor gave is still trusted now: what the verified-token cache asks on
   * every hit, so a token stops being accepted as soon as its key is. Synchronous, no I/O.
   */
  trusts(key: KeyObject): boolean;
};

/** A source with no keys: every token is refused. */
export const noKeySource: KeySource = { keyFor: () => Promise.resolve(null), trusts: () => false };

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
  const key = clerkEquivalentKey(pem);
  const answer = Promise.resolve(key);
  return { keyFor: () => answer, trusts: (candidate) => candidate === key };
}

export type JwksOptions = {
  apiUrl: string;
  secretKey: string;
  /** After a successful fetch, the earliest next one for an unknown `kid` (default 30 s). */
  cooldownMs?: number;
  /** Keys of a fetch older than this are no longer trusted (default 5 min). */
  maxAgeMs?: number;
  /** Before any key has loaded, the earliest retry after a failed fetch (default 1 s). */
  firstLoadRetryMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

type PublishedKey = {
  kid?: unknown;
  kty?: unknown;
  n?: unknown;
  e?: unknown;
  use?: unknown;
  alg?: unknown;
};

/** An RSA-2048, e = 65537 key, as Clerk signs with (its PEM path, `jwtKey`, takes no other). */
function importRsa(jwk: PublishedKey): KeyObject | null {
  try {
    const key = createPublicKey({
      key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey,
      format: 'jwk',
    });
    const details = key.asymmetricKeyDetails;
    return details?.modulusLength === 2048 && details.publicExponent === 65537n ? key : null;
  } catch {
    return null;
  }
}

/**
 * The RS256 signing keys of a JWKS by `kid`. A key already imported from the previous set is
 * kept as the same object, so tokens it verified stay in the token cache across refetches.
 * A `kid` published twice is ambiguous, and refused.
 */
function importKeys(published: readonly PublishedKey[], previous: Map<string, KeyObject>) {
  const keys = new Map<string, KeyObject>();
  const seen = new Set<string>();
  for (const jwk of published) {
    const { kid } = jwk;
    if (
      typeof kid !== 'string' ||
      jwk.kty !== 'RSA' ||
      (jwk.use !== undefined && jwk.use !== 'sig') ||
      (jwk.alg !== undefined && jwk.alg !== 'RS256')
    )
      continue;
    if (seen.has(kid)) {
      keys.delete(kid);
      continue;
    }
    seen.add(kid);
    const prior = previous.get(kid);
    const same = prior?.export({ format: 'jwk' });
    const key = prior && same?.n === jwk.n && same?.e === jwk.e ? prior : importRsa(jwk);
    if (key) keys.set(kid, key);
  }
  return keys;
}

/**
 * Keys from the Backend API JWKS (`GET /v1/jwks`), through jose's `createRemoteJWKSet`: it
 * fetches (timeout, no redirects, JWKS shape checked), shares a fetch between callers, and
 * replaces the whole set on each success. What jose lacks is added here:
 * - a known `kid` is a synchronous Map lookup (the verifier keeps `crypto.verify` with a
 *   `KeyObject`, no per-request `await` on jose's resolver);
 * - a failed fetch is not retried for 30 s once keys have loaded (1 s before): jose's cooldown
 *   only follows a success, so an unknown-`kid` flood during a Clerk outage would fetch on
 *   every request;
 * - a set older than `maxAgeMs` is not trusted (jose would refetch, and fail closed too):
 *   while Clerk's JWKS cannot be reached for longer than that, tokens answer 502.
 */
export function jwksKeySource(options: JwksOptions): KeySource {
  const cooldownMs = options.cooldownMs ?? 30_000;
  const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  // jose writes each fetched set and its time here, in the same step as it adopts it.
  const fetched: ExportedJWKSCache = { jwks: { keys: [] }, uat: Number.NEGATIVE_INFINITY };
  const remote = createRemoteJWKSet(new URL('v1/jwks', base), {
    headers: { authorization: `Bearer ${options.secretKey}` },
    timeoutDuration: options.timeoutMs ?? 3000,
    cooldownDuration: cooldownMs,
    cacheMaxAge: options.maxAgeMs ?? 300_000,
    [jwksCache]: fetched,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });
  let keys = new Map<string, KeyObject>();
  let trusted = new Set<KeyObject>();
  let keysFrom = fetched.uat;
  let retryAt = 0;
  let inFlight: Promise<void> | undefined;

  /** The keys of the set jose holds now; re-imported only after jose adopted a new fetch. */
  function current(): Map<string, KeyObject> {
    if (fetched.uat !== keysFrom) {
      keys = importKeys(fetched.jwks.keys, keys);
      trusted = new Set(keys.values());
      keysFrom = fetched.uat;
    }
    return keys;
  }

  const refetch = () =>
    remote
      .reload()
      .then(
        () => {
          retryAt = 0;
        },
        (error: unknown) => {
          const loaded = Number.isFinite(fetched.uat);
          retryAt = Date.now() + (loaded ? cooldownMs : (options.firstLoadRetryMs ?? 1000));
          throw new KeysUnavailableError(error);
        },
      )
      .finally(() => {
        inFlight = undefined;
      });

  return {
    async keyFor(kid) {
      if (kid === undefined) return null;
      if (remote.fresh) {
        const known = current().get(kid);
        if (known) return known;
        if (!inFlight && (remote.coolingDown || Date.now() < retryAt)) return null;
      } else if (!inFlight && Date.now() < retryAt) {
        // No set, or one too old to trust, and Clerk failing: an outage, not a bad token.
        throw new KeysUnavailableError(new Error('no current signing keys'));
      }
      inFlight ??= refetch();
      try {
        await inFlight;
      } catch (error) {
        // A fresh set in hand: a failing Clerk only means this kid is unknown to us.
        if (!remote.fresh) throw error;
      }
      return remote.fresh ? (current().get(kid) ?? null) : null;
    },
    trusts(key) {
      if (!remote.fresh) return false;
      current();
      return trusted.has(key);
    },
  };
}
