import { generateSigningKey } from '@assetra/clerk-emulator';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedVerdict, type VerifierOptions } from '../support/clerkOracle.js';
import { FC_SEED, headerSafeString } from '../support/fuzz.js';
import { buildToken } from '../support/hostileTokens.js';
import { tokenPlans, type TokenContext } from '../support/tokenPlans.js';
import { freshRequest } from '../support/http.js';
import { useApi } from '../support/useApi.js';
import type { RawResponse } from '../support/rawHttp.js';

const AZP = 'https://app.assetra.test';

// Hundreds of requests from one address and user: the harness's limits stay out of the way.
const { api } = useApi({ database: 'test', env: { CLERK_AUTHORIZED_PARTIES: AZP } });
let ctx: TokenContext;
let options: VerifierOptions;

beforeAll(async () => {
  const { userId, sessionId, token } = await api.signIn();
  // Migrations run on first use: pay for them here, not inside a timed property.
  await api.request('/auth/bootstrap', { method: 'POST', token });
  const stranger = await generateSigningKey();
  ctx = {
    key: api.emulator.signingKey.privateKey,
    kid: api.emulator.kid,
    publicKeyPem: api.emulator.publicKeyPem,
    strangerKey: stranger.privateKey,
    issuer: api.emulator.issuer,
    userId,
    sessionId,
    azp: AZP,
  };
  options = {
    pem: api.emulator.publicKeyPem,
    issuer: api.emulator.issuer,
    authorizedParties: [AZP],
    allowMissingAzp: false,
  };
});

const me = (authorization: string) =>
  freshRequest(`${api.url}/users/me`, { headers: { authorization } });

function expectRefusal(response: RawResponse, codes: string[]) {
  expect(response.status).toBe(401);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="assetra"/);
  const body = JSON.parse(response.body) as { code: string; status: number };
  expect(codes).toContain(body.code);
  expect(body.status).toBe(401);
}

describe('hostile bearer tokens over HTTP', () => {
  it('answers 401 problem+json, never 2xx or 5xx, to random Authorization values', async () => {
    const values = fc.oneof(
      headerSafeString(300),
      headerSafeString(300).map((s) => `Bearer ${s}`),
      fc
        .array(fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/), { minLength: 1, maxLength: 5 })
        .map((parts) => `Bearer ${parts.join('.')}`),
    );

    await fc.assert(
      fc.asyncProperty(values, async (authorization) => {
        expectRefusal(await me(authorization), ['unauthenticated', 'invalid_token']);
      }),
      { numRuns: 100, seed: FC_SEED },
    );
  });

  it('answers 200 only to tokens Clerk accepts under the contract, else 401, never 5xx', async () => {
    const schemes = fc.oneof(
      { arbitrary: fc.constant('Bearer '), weight: 6 },
      fc.constantFrom('bearer ', 'BEARER ', 'Bearer   ', 'Bearer\t', 'Basic ', 'Token ', ''),
    );
    let accepted = 0;

    await fc.assert(
      fc.asyncProperty(tokenPlans, schemes, async (plan, scheme) => {
        const token = buildToken(ctx, plan);
        const genuine =
          /^bearer +$/i.test(scheme) &&
          (await expectedVerdict(token, plan, ctx, options)) === 'accepted';

        const response = await me(`${scheme}${token}`);

        if (genuine) {
          expect(response.status, response.body).toBe(200);
          accepted += 1;
        } else {
          expectRefusal(response, ['unauthenticated', 'invalid_token']);
        }
      }),
      { numRuns: 200, seed: FC_SEED },
    );

    expect(accepted).toBeGreaterThanOrEqual(10);
    expect((await api.request('/healthz')).status).toBe(200);
  });
});
