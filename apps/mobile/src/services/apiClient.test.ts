import { MeResponseSchema } from '@assetra/shared';

import { fakeHttp, problem, type FakeReply } from '../../test/support/fakeHttp';
import { InsecureApiUrlError } from '../config';
import { createApiClient, type TokenSource } from './apiClient';
import { ApiError, ContractError, NetworkError } from './apiErrors';

const user = {
  id: 'u_1',
  clerkUserId: 'user_abc',
  email: 'ada@example.com',
  displayName: null,
  subscriptionStatus: 'free',
  entitlements: [],
  isActive: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function setup(replies: FakeReply[], getToken?: TokenSource) {
  const http = fakeHttp(replies);
  let minted = 0;
  const tokenSource = jest.fn<ReturnType<TokenSource>, Parameters<TokenSource>>(
    getToken ?? (async () => `token-${++minted}`),
  );
  const onSessionExpired = jest.fn(async () => undefined);
  const client = createApiClient({
    baseURL: 'https://api.assetra.test',
    isProduction: true,
    getToken: tokenSource,
    onSessionExpired,
    adapter: http.adapter,
  });
  const getMe = () => client.request({ method: 'GET', url: '/users/me', schema: MeResponseSchema });
  return { client, getMe, requests: http.requests, tokenSource, onSessionExpired };
}

describe('apiClient', () => {
  it('attaches the Clerk session token read at request time as a Bearer header', async () => {
    const { getMe, requests, tokenSource } = setup([
      { status: 200, body: { user } },
      { status: 200, body: { user } },
    ]);

    await getMe();
    await getMe();

    expect(requests.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(tokenSource).toHaveBeenCalledWith({ skipCache: false });
  });

  it('parses a 2xx body with the shared schema', async () => {
    const { getMe } = setup([{ status: 200, body: { user, extra: 'ignored' } }]);

    const result = await getMe();

    expect(result.user.email).toBe('ada@example.com');
  });

  it('sends no Authorization header when there is no session', async () => {
    const { getMe, requests } = setup([{ status: 200, body: { user } }], async () => null);

    await getMe();

    expect(requests[0]?.authorization).toBeUndefined();
  });

  it('retries a 401 once with a freshly minted token and returns the retried answer', async () => {
    const { getMe, requests, tokenSource, onSessionExpired } = setup([
      { status: 401, body: problem(401, 'invalid_token', 'Invalid token') },
      { status: 200, body: { user } },
    ]);

    const result = await getMe();

    expect(result.user.id).toBe('u_1');
    expect(requests).toHaveLength(2);
    expect(tokenSource).toHaveBeenLastCalledWith({ skipCache: true });
    expect(requests[1]?.authorization).toBe('Bearer token-2');
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('signs out after a second 401 and rejects with the typed error', async () => {
    const { getMe, requests, onSessionExpired } = setup([
      { status: 401, body: problem(401, 'invalid_token', 'Invalid token') },
      { status: 401, body: problem(401, 'invalid_token', 'Invalid token') },
    ]);

    const failure = getMe();

    await expect(failure).rejects.toMatchObject({
      name: 'ApiError',
      status: 401,
      code: 'invalid_token',
    });
    expect(requests).toHaveLength(2);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('ends the session once when concurrent requests are all refused', async () => {
    const refused = { status: 401, body: problem(401, 'invalid_token', 'Invalid token') };
    const { getMe, onSessionExpired } = setup([refused, refused, refused, refused]);

    const results = await Promise.allSettled([getMe(), getMe()]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into NetworkError without retrying or signing out', async () => {
    const { getMe, requests, onSessionExpired } = setup([{ network: 'offline' }]);

    const failure = getMe();

    await expect(failure).rejects.toBeInstanceOf(NetworkError);
    await expect(failure).rejects.toMatchObject({ reason: 'offline' });
    expect(requests).toHaveLength(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('reports a timeout as NetworkError("timeout")', async () => {
    const { getMe } = setup([{ network: 'timeout' }]);

    await expect(getMe()).rejects.toMatchObject({ name: 'NetworkError', reason: 'timeout' });
  });

  it('treats a token that cannot be fetched (Clerk offline) as offline, not signed out', async () => {
    const { getMe, requests, onSessionExpired } = setup([], async () => {
      throw new Error('network_error');
    });

    await expect(getMe()).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('parses a problem+json error into an ApiError with its code and request id', async () => {
    const { client, onSessionExpired } = setup([
      { status: 403, body: problem(403, 'reverification_required', 'Reverification required') },
    ]);

    const failure = client.request({ method: 'DELETE', url: '/users/me', schema: null });

    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      code: 'reverification_required',
      requestId: 'req-123',
      message: 'Reverification required.',
    });
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('keeps the field errors of a validation problem', async () => {
    const body = problem(400, 'validation_failed', 'Validation failed', {
      errors: [{ path: '/displayName', message: 'Too long' }],
    });
    const { client } = setup([{ status: 400, body }]);

    const failure = client.request({ method: 'PATCH', url: '/users/me', data: {}, schema: null });

    await expect(failure).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ path: '/displayName', message: 'Too long' }],
    });
  });

  it('reports an error body that is not problem+json as unexpected_response', async () => {
    const { getMe } = setup([
      { status: 502, body: '<html>Bad gateway</html>', headers: { 'x-request-id': 'edge-1' } },
    ]);

    await expect(getMe()).rejects.toMatchObject({
      status: 502,
      code: 'unexpected_response',
      requestId: 'edge-1',
    });
  });

  it('rejects a 2xx body that breaks the contract with ContractError', async () => {
    const { getMe } = setup([{ status: 200, body: { user: { ...user, email: 42 } } }]);

    await expect(getMe()).rejects.toBeInstanceOf(ContractError);
  });

  it('refuses a non-HTTPS base URL in a production build', () => {
    const build = () =>
      createApiClient({
        baseURL: 'http://api.assetra.app',
        isProduction: true,
        getToken: async () => null,
        onSessionExpired: () => undefined,
      });

    expect(build).toThrow(InsecureApiUrlError);
  });

  it('accepts http://localhost in a development build', () => {
    const build = () =>
      createApiClient({
        baseURL: 'http://localhost:3000',
        isProduction: false,
        getToken: async () => null,
        onSessionExpired: () => undefined,
      });

    expect(build).not.toThrow();
  });
});
