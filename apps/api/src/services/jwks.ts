import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** The signing keys could not be loaded from Clerk: the API answers 502, not 401. */
export class KeysUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Clerk signing keys unavailable', { cause });
    this.name = 'KeysUnavailableError';
  }
}

type Jwk = { kid?: unknown; kty?: unknown; n?: unknown; e?: unknown; use?: unknown };

export type KeySource = {
  /** The SPKI PEM for a token's `kid`; null when Clerk has no such key. */
  pemFor(kid: string | undefined): Promise<string | null>;
};

/** Networkless: one configured key (`CLERK_JWT_KEY`), as Clerk's own `jwtKey` option works. */
export function staticKeySource(pem: string): KeySource {
  return { pemFor: () => Promise.resolve(pem) };
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
  const keys = new Map<string, string>();
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
          (jwk.use !== undefined && jwk.use !== 'sig')
        )
          continue;
        const key = createPublicKey({
          key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey,
          format: 'jwk',
        });
        keys.set(jwk.kid, key.export({ type: 'spki', format: 'pem' }).toString());
      }
      nextFetchAt = now() + (options.refetchIntervalMs ?? 30_000);
    } catch (error) {
      nextFetchAt = now() + (options.retryIntervalMs ?? 1000);
      throw new KeysUnavailableError(error);
    }
  }

  return {
    async pemFor(kid) {
      if (kid === undefined) return null;
      const known = keys.get(kid);
      if (known) return known;
      if (!inFlight && now() < nextFetchAt) return null;
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
