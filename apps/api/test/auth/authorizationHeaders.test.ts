import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../support/rawHttp.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { openTestDatabase, type TestDatabase } from '../support/testDatabase.js';

let database: TestDatabase;
let server: ApiHarness;
let token: string;

// Through the real startServer (no store given): its server options are what this file checks.
beforeAll(async () => {
  database = await openTestDatabase();
  server = await startApi({ env: { DATABASE_URL: database.url } });
  ({ token } = await server.signIn());
  await rawRequest(`${server.url}/auth/bootstrap`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
});

afterAll(async () => {
  await server.close();
  await database.close();
});

/** A transport failure (the server closed the connection) as a value, not a throw. */
const attempt = (path: string, headers: Record<string, string | string[]>, method = 'GET') =>
  rawRequest(`${server.url}${path}`, { method, headers }).catch((error: unknown) => error as Error);

/** Writes a request byte for byte and reads the answer until the server closes. */
function exchange(request: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () => {
      socket.end(request);
    });
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]),
        body: raw.slice(raw.indexOf('\r\n\r\n') + 4),
      });
    });
  });
}

function problem(response: RawResponse) {
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return JSON.parse(response.body) as { code: string; status: number };
}

/** A header block past Node's limit: the contract's 431, answered before the app sees it. */
function expectHeadersTooLarge(outcome: RawResponse | Error) {
  expect(outcome).not.toBeInstanceOf(Error);
  const response = outcome as RawResponse;
  expect(response.status).toBe(431);
  expect(problem(response)).toMatchObject({ code: 'headers_too_large', status: 431 });
}

async function expectStillServing() {
  expect((await attempt('/healthz', {})) as RawResponse).toMatchObject({ status: 200 });
  expect(
    (await attempt('/users/me', { authorization: `Bearer ${token}` })) as RawResponse,
  ).toMatchObject({ status: 200 });
}

describe('oversized Authorization headers', () => {
  it('answers 431 headers_too_large to a header over 16 KB, and keeps serving', async () => {
    const outcome = await attempt('/users/me', { authorization: `Bearer ${'a'.repeat(17_000)}` });

    expectHeadersTooLarge(outcome);
    await expectStillServing();
  });

  it('answers 431 headers_too_large to headers that only together pass 16 KB, and keeps serving', async () => {
    const padding = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`x-pad-${i}`, 'p'.repeat(500)]),
    );

    const outcome = await attempt('/users/me', {
      ...padding,
      authorization: `Bearer ${token}`,
    });

    expectHeadersTooLarge(outcome);
    await expectStillServing();
  });

  it('answers 401 invalid_token to a 12 KB bearer token Node lets through', async () => {
    const response = (await attempt('/users/me', {
      authorization: `Bearer ${token}${'A'.repeat(12_000)}`,
    })) as RawResponse;

    expect(response.status).toBe(401);
    expect(problem(response)).toMatchObject({ code: 'invalid_token', status: 401 });
    await expectStillServing();
  });
});

describe('a token sent twice or in the query', () => {
  it.each([
    ['the same valid token', () => [`Bearer ${token}`, `Bearer ${token}`]],
    ['a valid token and garbage', () => [`Bearer ${token}`, 'Bearer garbage']],
    ['garbage and a valid token', () => ['Bearer garbage', `Bearer ${token}`]],
    ['a valid token and an empty value', () => [`Bearer ${token}`, '']],
  ])('answers 400 invalid_request to two Authorization headers: %s', async (_name, values) => {
    const response = (await attempt('/users/me', { authorization: values() })) as RawResponse;

    expect(response.status).toBe(400);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="assetra", error="invalid_request"',
    );
    expect(problem(response)).toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('answers 400 invalid_request to Authorization and authorization in different cases', async () => {
    // Raw header names keep their case: one "Authorization", one "authorization".
    const response = await exchange(
      `GET /users/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nauthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );

    expect(response.status).toBe(400);
    expect(response.body).toContain('"code":"invalid_request"');
  });

  it('answers 401 unauthenticated to ?access_token= alone: a query token is never used', async () => {
    const response = (await attempt(`/users/me?access_token=${token}`, {})) as RawResponse;

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="assetra"');
    expect(problem(response)).toMatchObject({ code: 'unauthenticated' });
  });

  it.each([
    ['the same token', () => `access_token=${token}`],
    ['an empty access_token', () => 'access_token='],
    ['access_token after another parameter', () => `a=1&access_token=${token}`],
  ])('answers 400 invalid_request to ?access_token= with a header: %s', async (_name, query) => {
    const response = (await attempt(`/users/me?${query()}`, {
      authorization: `Bearer ${token}`,
    })) as RawResponse;

    expect(response.status).toBe(400);
    expect(problem(response)).toMatchObject({ code: 'invalid_request' });
  });

  it('answers 401 unauthenticated to a token in a form body: a body token is never used', async () => {
    const response = await rawRequest(`${server.url}/auth/bootstrap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `access_token=${token}`,
    });

    expect(response.status).toBe(401);
    expect(problem(response)).toMatchObject({ code: 'unauthenticated' });
    await expectStillServing();
  });
});
