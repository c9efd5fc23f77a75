import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwksKeySource } from '../../src/services/jwks.js';
import { useApi } from '../support/useApi.js';

let jwksFetches = 0;
const { api, start } = useApi({
  keys: 'jwks',
  keySource: (emulator) =>
    jwksKeySource({
      apiUrl: emulator.url,
      secretKey: emulator.secretKey,
      fetch: (input, init) => {
        jwksFetches++;
        return fetch(input, init);
      },
    }),
});

describe('keys from the Backend API JWKS', () => {
  it('verifies tokens with the fetched key', async () => {
    const { token } = await api.signIn();

    expect((await api.request('/users/me', { token })).status).toBe(200);
  });

  it('lets 50 concurrent requests with unknown kids cause at most one refetch', async () => {
    const { token } = await api.signIn();
    await api.request('/users/me', { token });
    const before = jwksFetches;
    const forged = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new SignJWT({ sub: 'user_x', sid: 'sess_x' })
          .setProtectedHeader({ alg: 'RS256', kid: `ins_forged_${i}` })
          .setIssuedAt()
          .setExpirationTime('1m')
          .sign(api.emulator.signingKey.privateKey),
      ),
    );

    const responses = await Promise.all(forged.map((token) => api.request('/users/me', { token })));

    expect(responses.every((response) => response.status === 401)).toBe(true);
    expect(responses[0]?.headers.get('www-authenticate')).toBe(
      'Bearer realm="assetra", error="invalid_token"',
    );
    expect(await responses[0]?.json()).toMatchObject({ code: 'invalid_token' });
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });

  it('answers 502 upstream_unavailable, not 401, when no key can be loaded', async () => {
    const { token } = await api.signIn();
    const cold = await start({ keys: 'jwks' });
    api.emulator.setFault('error');

    const response = await cold.request('/users/me', { token });

    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'upstream_unavailable' });
  });
});
