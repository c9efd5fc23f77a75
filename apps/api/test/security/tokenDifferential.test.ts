import { generateSigningKey, type SigningKey } from '@assetra/clerk-emulator';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier } from '../../src/services/sessionVerifier.js';
import { staticKeySource } from '../../src/services/jwks.js';
import { clerkAccepts } from '../support/clerkOracle.js';
import { FC_SEED } from '../support/fuzz.js';
import { buildToken } from '../support/hostileTokens.js';
import { tokenPlans, type TokenContext, type TokenPlan } from '../support/tokenPlans.js';

const ISSUER = 'https://clerk.assetra.test';
const genuine: TokenPlan = {
  claims: {},
  header: {},
  signer: 'as-header',
  encoding: 'standard',
  mutation: { kind: 'none' },
};
/** Each documented difference from verifyToken, always tried, whatever the seed draws. */
const EXAMPLES: [TokenPlan][] = [
  [genuine],
  [{ ...genuine, header: { alg: 1 } }], // RS384 from the right key
  [{ ...genuine, header: { alg: 5 } }], // alg none
  [{ ...genuine, header: { alg: 4 } }], // HS256 keyed with the public PEM
  [{ ...genuine, claims: { sid: 1 } }], // JWT-template token: no sid
  [{ ...genuine, claims: { sub: 2 } }], // sub ""
  [{ ...genuine, claims: { azp: 1 } }], // no azp
  [{ ...genuine, encoding: 'padded' }],
  [{ ...genuine, encoding: 'invalid-utf8' }],
  [{ ...genuine, encoding: 'oversized' }],
  [{ ...genuine, mutation: { kind: 'pad-signature' } }],
  [{ ...genuine, mutation: { kind: 'noncanonical-signature' } }],
  [{ ...genuine, encoding: 'noncanonical' }],
  [{ ...genuine, claims: { exp: 13 } }], // exp 1e300: NaN to Clerk
  [{ ...genuine, claims: { exp: 12 } }], // exp one second past what a Date holds
  [{ ...genuine, claims: { exp: 9 } }], // fractional exp
  [{ ...genuine, header: { extra: 4 } }], // M2M token category
  [{ ...genuine, header: { typ: 5 } }], // typ null
];
const AZP = 'https://app.assetra.test';

let key: SigningKey;
let ctx: TokenContext;

beforeAll(async () => {
  key = await generateSigningKey();
  const stranger = await generateSigningKey();
  ctx = {
    key: key.privateKey,
    kid: key.kid,
    publicKeyPem: key.publicKeyPem,
    strangerKey: stranger.privateKey,
    issuer: ISSUER,
    userId: 'user_differential',
    sessionId: 'sess_differential',
    azp: AZP,
  };
});

/**
 * The API's middleware and `@clerk/backend` `verifyToken` over one generated token set: the
 * API accepts exactly what Clerk accepts, within the documented rules listed on
 * `clerkAccepts` (RS256 only, `sub`/`sid` required, CLERK_ALLOW_MISSING_AZP, compact form).
 */
describe.each([
  { allowMissingAzp: false, authorizedParties: [AZP] },
  { allowMissingAzp: true, authorizedParties: [AZP] },
  { allowMissingAzp: false, authorizedParties: [] },
])('the session verifier against verifyToken (%o)', (settings) => {
  it('accepts exactly the tokens Clerk accepts, and refuses the rest with invalid_token', async () => {
    const options = { pem: key.publicKeyPem, issuer: ISSUER, ...settings };
    const verify = createSessionVerifier({ keys: staticKeySource(key.publicKeyPem), ...options });
    const seen = { accepted: 0, refused: 0 };

    await fc.assert(
      fc.asyncProperty(tokenPlans, async (plan) => {
        const token = buildToken(ctx, plan);

        const api = await verify(token).then(
          () => 'accepted',
          (error: unknown) =>
            error instanceof HttpError && error.code === 'invalid_token' ? 'refused' : error,
        );
        const clerk = (await clerkAccepts(token, options)) ? 'accepted' : 'refused';

        expect({ token, api }).toEqual({ token, api: clerk });
        seen[clerk] += 1;
      }),
      { numRuns: 250, seed: FC_SEED, examples: EXAMPLES },
    );

    // The generator must exercise both sides, or equality proves little.
    expect(seen.accepted).toBeGreaterThanOrEqual(15);
    expect(seen.refused).toBeGreaterThanOrEqual(100);
  });
});
