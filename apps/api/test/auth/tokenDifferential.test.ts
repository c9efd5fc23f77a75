import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.js';
import { createSessionVerifier } from '../../src/services/sessionVerifier.js';
import { staticKeySource } from '../../src/services/jwks.js';
import {
  expectedVerdict,
  STRICTER,
  verifyTokenAccepts,
  type VerifierOptions,
} from '../support/clerkOracle.js';
import { FC_SEED } from '../support/fuzz.js';
import { buildToken, freshTokenContext } from '../support/hostileTokens.js';
import { tokenPlans, type TokenContext, type TokenPlan } from '../support/tokenPlans.js';

const ISSUER = 'https://clerk.assetra.test';
const genuine: TokenPlan = {
  claims: {},
  header: {},
  signer: 'as-header',
  encoding: 'standard',
  mutation: { kind: 'none' },
};
/** The STRICTER rules and the edge cases around them, always tried, whatever the seed draws. */
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

let ctx: TokenContext;

beforeAll(async () => {
  ctx = await freshTokenContext('differential', ISSUER, AZP);
});

/** Generated tokens per setting: with the EXAMPLES, what the README reports as checked. */
const NUM_RUNS = 250;
const SETTINGS = [
  { allowMissingAzp: false, authorizedParties: [AZP] },
  { allowMissingAzp: true, authorizedParties: [AZP] },
  { allowMissingAzp: false, authorizedParties: [] },
];
/** How many tokens went through both the API's verifier and verifyToken in this run. */
let checked = 0;

afterAll(() => {
  // The claim this file supports, in the test output: checked, not proved equal.
  console.info(`session verifier: checked against verifyToken on ${checked} generated tokens`);
});

const verdictOf = (verify: (token: string) => Promise<unknown>, token: string) =>
  verify(token).then(
    () => 'accepted',
    (error: unknown) =>
      error instanceof HttpError && error.code === 'invalid_token' ? 'refused' : error,
  );

/**
 * The API's middleware against `@clerk/backend` `verifyToken` alone over one generated token
 * set: the same verdict, except where the plan built a token one of the STRICTER rules
 * (clerkOracle.ts) refuses; each of those has its own test below.
 */
describe.each(SETTINGS)('the session verifier against verifyToken (%o)', (settings) => {
  it(`agrees with verifyToken on ${NUM_RUNS} generated tokens and the examples, but for the named stricter rules`, async () => {
    const options = { pem: ctx.publicKeyPem, issuer: ISSUER, ...settings };
    const verify = createSessionVerifier({ keys: staticKeySource(ctx.publicKeyPem), ...options });
    const seen = { accepted: 0, refused: 0 };

    await fc.assert(
      fc.asyncProperty(tokenPlans, async (plan) => {
        const token = buildToken(ctx, plan);

        const api = await verdictOf(verify, token);
        const expected = await expectedVerdict(token, plan, ctx, options);

        expect({ token, api }).toEqual({ token, api: expected });
        seen[expected] += 1;
        checked += 1;
      }),
      { numRuns: NUM_RUNS, seed: FC_SEED, examples: EXAMPLES },
    );

    // The generator must exercise both sides, or agreement shows little.
    expect(seen.accepted).toBeGreaterThanOrEqual(15);
    expect(seen.refused).toBeGreaterThanOrEqual(100);
  });
});

describe('where the API differs from verifyToken on purpose', () => {
  const options: VerifierOptions = {
    pem: '',
    issuer: ISSUER,
    authorizedParties: [AZP],
    allowMissingAzp: false,
  };
  const verifierWith = (overrides: Partial<VerifierOptions> = {}) => {
    const settings = { ...options, pem: ctx.publicKeyPem, ...overrides };
    return createSessionVerifier({ keys: staticKeySource(ctx.publicKeyPem), ...settings });
  };

  it.each(STRICTER)('refuses $name although verifyToken accepts it', async (rule) => {
    const plan: TokenPlan = { ...genuine, ...rule.example };
    const token = buildToken(ctx, plan);

    expect(rule.applies(plan, ctx)).toBe(true);
    expect(await verifyTokenAccepts(token, { ...options, pem: ctx.publicKeyPem })).toBe(true);
    expect(await verdictOf(verifierWith(), token)).toBe('refused');
  });

  it('accepts a token without azp only with CLERK_ALLOW_MISSING_AZP, for which verifyToken has no option', async () => {
    const token = buildToken(ctx, { ...genuine, claims: { azp: 1 } });

    expect(await verifyTokenAccepts(token, { ...options, pem: ctx.publicKeyPem })).toBe(false);
    expect(await verdictOf(verifierWith(), token)).toBe('refused');
    expect(await verdictOf(verifierWith({ allowMissingAzp: true }), token)).toBe('accepted');
  });

  it('accepts the genuine token, as verifyToken does', async () => {
    const token = buildToken(ctx, genuine);

    expect(await verifyTokenAccepts(token, { ...options, pem: ctx.publicKeyPem })).toBe(true);
    expect(await verdictOf(verifierWith(), token)).toBe('accepted');
  });
});
