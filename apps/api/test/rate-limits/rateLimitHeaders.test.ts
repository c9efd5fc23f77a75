import type { AddressInfo } from 'node:net';
import express, { type Request, type RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiters } from '../../src/middleware/rateLimit.js';

/**
 * Differential: the API writes the draft-8 headers itself (rateLimitHeaders.ts, to remember
 * partition keys), so they must be byte for byte what express-rate-limit's own
 * `standardHeaders: 'draft-8'` writes for the same keys, counts and clock — on requests let
 * through, on the 429, and with two limiters on one request.
 */
const WINDOW_MS = 60_000;
const limits = { windowMs: WINDOW_MS, ipMax: 3, authMax: 2, userMax: 100 };
const compared = ['ratelimit', 'ratelimit-policy', 'retry-after'];

/** The library's own headers: the same limits, names and keys as createRateLimiters. */
function libraryLimiter(identifier: string, limit: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    identifier,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req, res) => {
      res.status(429).end();
    },
  });
}

async function serve(handlers: RequestHandler[]) {
  const app = express();
  const done: RequestHandler = (_req, res) => {
    res.status(204).end();
  };
  app.use(handlers, done);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    async headers(path: string) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      await response.arrayBuffer();
      return [
        response.status === 429 ? 429 : 'through',
        ...compared.map((name) => response.headers.get(name)),
      ];
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-26T12:00:00.250Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('draft-8 rate-limit headers', () => {
  it('equal express-rate-limit’s own, through the limit and past it, one and two limiters', async () => {
    const ourLimiters = () =>
      createRateLimiters({ limits, logger: pino({ level: 'silent' }) }).perIp;
    const servers = await Promise.all([
      serve(ourLimiters()),
      serve([libraryLimiter('ip', limits.ipMax)]),
      serve(ourLimiters()),
      serve([libraryLimiter('ip', limits.ipMax), libraryLimiter('auth', limits.authMax)]),
    ]);
    const [oursIp, theirsIp, oursAuth, theirsAuth] = servers;
    const sequence = async (server: (typeof servers)[number], path: string) => {
      vi.setSystemTime(new Date('2026-11-26T12:00:00.250Z'));
      const seen = [];
      for (let i = 0; i < 5; i += 1) {
        vi.setSystemTime(Date.now() + 7_300); // the reset countdown moves between requests
        seen.push(await server.headers(path));
      }
      return seen;
    };
    try {
      const ip = [await sequence(oursIp, '/users/me'), await sequence(theirsIp, '/users/me')];
      const auth = [
        await sequence(oursAuth, '/auth/bootstrap'),
        await sequence(theirsAuth, '/auth/bootstrap'),
      ];

      expect(ip[0]).toEqual(ip[1]);
      expect(auth[0]).toEqual(auth[1]);
      expect(ip[0]?.map(([outcome]) => outcome)).toEqual([
        'through',
        'through',
        'through',
        429,
        429,
      ]);
      expect(auth[0]?.map(([outcome]) => outcome)).toEqual(['through', 'through', 429, 429, 429]);
      expect(auth[0]?.[0]?.[2]).toMatch(/^"ip"; q=3; w=60; pk=:[\w+/=]+:, "auth"; q=2; w=60; pk=:/);
      expect(auth[0]?.[2]?.[3]).toMatch(/^\d+$/);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
