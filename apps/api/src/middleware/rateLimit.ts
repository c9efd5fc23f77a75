import type { Request, RequestHandler } from 'express';
import {
  ipKeyGenerator,
  MemoryStore,
  rateLimit,
  type RateLimitInfo,
  type Store,
} from 'express-rate-limit';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { sendProblem } from './errors.js';
import { createDraft8Headers } from './rateLimitHeaders.js';
import type { SharedCounts } from './rateLimitStore.js';

/** Webhook senders get this many times the per-IP budget: providers deliver in bursts. */
const WEBHOOK_FACTOR = 10;

export type RateLimiters = {
  /** Mounted after the probes, before route matching: per IP, `/auth/*`, webhooks apart. */
  perIp: RequestHandler[];
  /** After authentication and account state, before the body is read. */
  perUser: RequestHandler;
};

const under = (prefix: string) => {
  // Case-insensitive like Express's own routing, so `/AUTH/bootstrap` cannot dodge the limit.
  const pattern = new RegExp(`^/${prefix}(?:/|$)`, 'i');
  return (req: Request) => pattern.test(req.path);
};
const isAuth = under('auth');
const isWebhook = under('webhooks');

/**
 * The client address as `trust proxy` resolves it; IPv6 clients counted per /56. The key of an
 * address never changes, and ipKeyGenerator parses every IPv6 one (an IPv4 client on a
 * dual-stack socket is `::ffff:a.b.c.d`) with ip-address, so keys are remembered per address.
 */
function clientIpKeys(): (req: Request) => string {
  const keys = new LRUCache<string, string>({ max: 10_000 });
  return (req) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let key = keys.get(ip);
    if (key === undefined) {
      key = ipKeyGenerator(ip);
      keys.set(ip, key);
    }
    return key;
  };
}

function userKey(req: Request): string {
  if (!req.user) throw new Error('the per-user rate limit must follow authenticate()');
  return req.user.clerkUserId;
}

/**
 * The contract's rate limits (express-rate-limit, IETF draft-8 headers, 429 `rate_limited`
 * with `Retry-After`). With `counts`, every instance shares them through Redis; without, they
 * are per process. `prefix` namespaces the keys (tests give each app its own).
 */
export function createRateLimiters(deps: {
  limits: Config['rateLimit'];
  logger: Logger;
  counts?: SharedCounts;
  prefix?: string;
}): RateLimiters {
  const { limits, logger, counts } = deps;
  const prefix = deps.prefix ?? 'rl:';
  const store = (name: string): Store =>
    counts ? counts.store(`${prefix}${name}:`) : new MemoryStore();

  // express-rate-limit counts; the headers are written by rateLimitHeaders.ts, the same bytes.
  const headers = createDraft8Headers(limits.windowMs);
  const infoOf = (req: Request): RateLimitInfo => {
    // express-rate-limit's default `requestPropertyName`, set before it calls next or handler.
    const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
    if (!info) throw new Error('express-rate-limit left no req.rateLimit');
    return info;
  };
  const limiter = (
    name: string,
    limit: number,
    keyGenerator: (req: Request) => string,
  ): RequestHandler => {
    const counted = rateLimit({
      windowMs: limits.windowMs,
      limit,
      identifier: name,
      standardHeaders: false,
      legacyHeaders: false,
      keyGenerator,
      store: store(name),
      handler: (req, res) => {
        const info = infoOf(req);
        headers.set(res, name, info);
        headers.retryAfter(res, info);
        sendProblem(req, res, 'rate_limited', { detail: 'Too many requests; retry later' });
      },
      logger: {
        error: (error: unknown, message?: string) => {
          logger.error({ err: error }, message ?? 'express-rate-limit error');
        },
        warn: (error: unknown, message?: string) => {
          logger.warn({ err: error }, message ?? 'express-rate-limit warning');
        },
      },
    });
    // Each limiter writes its headers as it lets the request through, before the next one
    // replaces `req.rateLimit` with its own.
    return (req, res, next) =>
      counted(req, res, (error?: unknown) => {
        if (error === undefined) headers.set(res, name, infoOf(req));
        next(error);
      });
  };

  // Each request runs only the limiters that count it (an express-rate-limit middleware that
  // skips still costs an async call and its awaits): webhooks their own — forged deliveries
  // must not lock users out, nor the reverse — everything else the per-IP one, and `/auth/*`
  // also the stricter per-IP auth one.
  const clientIp = clientIpKeys();
  const ip = limiter('ip', limits.ipMax, clientIp);
  const auth = limiter('auth', limits.authMax, clientIp);
  const webhooks = limiter('webhooks', limits.ipMax * WEBHOOK_FACTOR, clientIp);
  return {
    perIp: [
      (req, res, next) => (isWebhook(req) ? webhooks(req, res, next) : ip(req, res, next)),
      (req, res, next) => {
        if (isAuth(req)) return auth(req, res, next);
        next();
        return undefined;
      },
    ],
    perUser: limiter('user', limits.userMax, userKey),
  };
}
