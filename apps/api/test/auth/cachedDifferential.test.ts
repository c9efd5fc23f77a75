import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier } from '../../src/services/sessionVerifier.js';
import { staticKeySource } from '../../src/services/jwks.js';
import { createTokenCache } from '../../src/services/tokenCache.js';
import { expectedVerdict } from '../support/clerkOracle.js';
import { FC_SEED } from '../support/fuzz.js';
import { buildToken, freshTokenContext } from '../support/hostileTokens.js';
import { tokenPlans, type TokenContext } from '../support/tokenPlans.js';

const ISSUER = 'https://clerk.assetra.test';
const AZP = 'https://app.assetra.test';
let ctx: TokenContext;

beforeAll(async () => {
  ctx = await freshTokenContext('cached', ISSUER, AZP);
});

describe('the verifier with its token cache warm', () => {
  it('gives the verdict Clerk gives, on first sight and again from the cache', async () => {
    const options = { issuer: ISSUER, authorizedParties: [AZP], allowMissingAzp: false };
    const cache = createTokenCache();
    const verify = createSessionVerifier({
      keys: staticKeySource(ctx.publicKeyPem),
      cache,
      ...options,
    });
    const verdict = (token: string) =>
      verify(token).then(
        () => 'accepted',
        (error: unknown) =>
          error instanceof HttpError && error.code === 'invalid_token' ? 'refused' : error,
      );

    await fc.assert(
      fc.asyncProperty(tokenPlans, async (plan) => {
        const token = buildToken(ctx, plan);

        const first = await verdict(token);
        const again = await verdict(token);
        const clerk = await expectedVerdict(token, plan, ctx, {
          pem: ctx.publicKeyPem,
          ...options,
        });

        expect({ token, first, again }).toEqual({ token, first: clerk, again: clerk });
      }),
      { numRuns: 150, seed: FC_SEED },
    );

    expect(cache.size).toBeGreaterThan(0);
  });
});
