import { describe, expect, it } from 'vitest';
import { useApi } from '../support/useApi.js';

const { api } = useApi();

type Line = {
  msg?: string;
  req?: { id?: string; method?: string };
  path?: string;
  res?: { statusCode?: number };
  responseTime?: number;
  clerkUserId?: string;
};

const requestLines = () =>
  api.logs
    .map((line) => JSON.parse(line) as Line)
    .filter((line) => line.msg === 'request completed');

describe('the request log (tuned pino-http)', () => {
  it('writes one line per request: id, method, route path (no query), status, time, caller', async () => {
    const { userId, token } = await api.signIn();

    const response = await api.request('/users/me?access_token=never-logged', {
      headers: { authorization: `Bearer ${token}` },
    });
    await api.request('/users/me', { token });

    expect(response.status).toBe(400);
    const [refused, served] = requestLines().slice(-2);
    expect(refused).toMatchObject({
      req: { id: response.headers.get('x-request-id'), method: 'GET' },
      path: '/users/me',
      res: { statusCode: 400 },
    });
    expect(refused?.clerkUserId).toBeUndefined();
    expect(served).toMatchObject({ res: { statusCode: 200 }, clerkUserId: userId });
    expect(typeof served?.responseTime).toBe('number');
    expect(api.logs.join('')).not.toContain('never-logged');
  });

  it('names a request by its route pattern, and an unmatched one by its shape in route words', async () => {
    const { token } = await api.signIn();
    const pushToken = encodeURIComponent('ExponentPushToken[logged-never]');

    const removed = await api.request(`/users/me/push-tokens/${pushToken}`, {
      method: 'DELETE',
      token,
    });
    const unknown = await api.request(`/Users/me/push-token/${pushToken}/x`, { token });

    expect(removed.status).toBe(204);
    expect(unknown.status).toBe(404);
    const [removedLine, unknownLine] = requestLines().slice(-2);
    expect(removedLine?.path).toBe('/users/me/push-tokens/:token');
    expect(unknownLine?.path).toBe('/users/me/*/*/*');
    expect(api.logs.join('')).not.toContain('logged-never');
  });
});
