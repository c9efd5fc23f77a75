import { PGlite } from '@electric-sql/pglite';
import { verifyToken } from '@clerk/backend';
import { clerkMiddleware, getAuth } from '@clerk/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createHttpServer } from '../src/httpServer.js';
import { bufferedDestination, createLogger } from '../src/logger.js';
import { authenticate } from '../src/middleware/auth.js';
import { errorHandler } from '../src/middleware/errors.js';
import { createAccountCache, type AccountCache } from '../src/services/accountCache.js';
import { DEFAULT_ACCOUNT_CACHE_TTL_MS } from '../src/services/accountCache.js';
import { createClerkGateway } from '../src/services/clerk.js';
import { staticKeySource } from '../src/services/jwks.js';
import { createSessionVerifier } from '../src/services/sessionVerifier.js';
import { createTokenCache, type TokenCache } from '../src/services/tokenCache.js';
import { createPGliteStore } from '../src/store/pglite/index.js';
import { openStore } from '../src/store/index.js';
import type { ServerKind } from './protocol.js';
import { AZP, ISSUER, PUBLISHABLE_KEY } from './tokens.js';

/** A server under test, and what the coordinator may ask of it beyond HTTP. */
export type BuiltServer = {
  app: Express;
  /** The HTTP server it is served by: Node's `createServer(app)`, as `app.listen` makes it. */
  server: Server;
  tokenCache?: TokenCache;
  accountCache?: AccountCache;
  countUsers?: (prefix: string) => Promise<number>;
  close?: () => Promise<void>;
};

/** `--account-ttl=ms` of the bench, to see what the cache's TTL is worth; default: production's. */
const ACCOUNT_TTL_MS = Number(process.env.BENCH_ACCOUNT_TTL_MS ?? DEFAULT_ACCOUNT_CACHE_TTL_MS);

/** Nothing listens there: any call to "Clerk's Backend API" fails at once, on loopback. */
const DEAD_API_URL = 'http://127.0.0.1:9';

/** The same two settings the product's app uses, so (a) is a fair ceiling for all. */
function express5(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}

const bearer = (req: Request) => /^Bearer +(.+)$/i.exec(req.get('authorization') ?? '')?.[1];

function bareApp(): Express {
  const app = express5();
  app.get('/me', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

function bare(): BuiltServer {
  const app = bareApp();
  return { app, server: createServer(app) };
}

/** (a′): the same route on the HTTP server the API runs on (src/httpServer.ts), for (e). */
function bareServed(): BuiltServer {
  const app = bareApp();
  return { app, server: createHttpServer(app) };
}

/** (b): the product's authenticate() and verifier; the revocation check never reaches a database. */
function auth(pem: string): BuiltServer {
  const app = express5();
  const tokenCache = createTokenCache();
  const accountCache = createAccountCache({ ttlMs: ACCOUNT_TTL_MS });
  const verify = createSessionVerifier({
    keys: staticKeySource(pem),
    issuer: ISSUER,
    authorizedParties: [AZP],
    allowMissingAzp: false,
    cache: tokenCache,
  });
  const notRevoked = () => Promise.resolve(false);
  app.get(
    '/me',
    authenticate(verify, (sessionId) => accountCache.sessionRevoked(sessionId, notRevoked)),
    (req, res) => {
      res.json({ clerkUserId: req.user?.clerkUserId, sessionId: req.user?.sessionId });
    },
  );
  app.use(errorHandler(pino({ level: 'silent' })));
  return { app, server: createServer(app), tokenCache, accountCache };
}

function clerkExpress(pem: string): BuiltServer {
  const app = express5();
  app.use(
    clerkMiddleware({
      publishableKey: PUBLISHABLE_KEY,
      secretKey: 'sk_test_bench',
      jwtKey: pem,
      authorizedParties: [AZP],
      apiUrl: DEAD_API_URL,
    }),
  );
  app.get('/me', (req, res) => {
    const { userId, sessionId } = getAuth(req);
    if (!userId) res.status(401).end();
    else res.json({ clerkUserId: userId, sessionId });
  });
  return { app, server: createServer(app) };
}

function perRequestVerifyToken(pem: string): BuiltServer {
  const app = express5();
  app.get(
    '/me',
    async (req: Request, res: Response, next: NextFunction) => {
      const token = bearer(req);
      try {
        if (!token) throw new Error('no token');
        const claims = await verifyToken(token, {
          jwtKey: pem,
          issuer: ISSUER,
          authorizedParties: [AZP],
          clockSkewInMs: 5000,
        });
        res.locals.session = { clerkUserId: claims.sub, sessionId: claims.sid };
        next();
      } catch {
        res.status(401).end();
      }
    },
    (_req, res) => {
      res.json(res.locals.session);
    },
  );
  return { app, server: createServer(app) };
}

/** (e): the whole product app as server.ts wires and serves it (default caches), logging to /dev/null. */
async function product(kind: 'app-pglite' | 'app-postgres', pem: string): Promise<BuiltServer> {
  const databaseUrl =
    kind === 'app-pglite' ? 'pglite:memory' : (process.env.BENCH_DATABASE_URL ?? '');
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    CLERK_SECRET_KEY: 'sk_test_bench',
    CLERK_API_URL: DEAD_API_URL,
    CLERK_ISSUER: ISSUER,
    CLERK_JWT_KEY: pem,
    CLERK_AUTHORIZED_PARTIES: AZP,
    REQUIRE_HTTPS: 'false',
    LOG_LEVEL: 'info',
    RATE_LIMIT_IP_MAX: '1000000000',
    RATE_LIMIT_USER_MAX: '1000000000',
    RATE_LIMIT_AUTH_MAX: '1000000000',
  });
  const logger = createLogger(config.logLevel, bufferedDestination('/dev/null'));
  const client = kind === 'app-pglite' ? new PGlite() : undefined;
  const store = client ? createPGliteStore(client) : await openStore(databaseUrl);
  const tokenCache = createTokenCache();
  const accountCache = createAccountCache({ ttlMs: ACCOUNT_TTL_MS });
  const app = createApp({
    config,
    store,
    clerk: createClerkGateway({ apiUrl: config.clerk.apiUrl, secretKey: config.clerk.secretKey }),
    keys: staticKeySource(pem),
    logger,
    tokenCache,
    accountCache,
  });
  const countSql = 'select count(*)::int as n from users where clerk_user_id like $1';
  const countUsers = async (prefix: string) => {
    if (client)
      return (await client.query<{ n: number }>(countSql, [`${prefix}%`])).rows[0]?.n ?? 0;
    const sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      return (await sql.query<{ n: number }>(countSql, [`${prefix}%`])).rows[0]?.n ?? 0;
    } finally {
      await sql.end();
    }
  };
  return {
    app,
    server: createHttpServer(app),
    tokenCache,
    accountCache,
    countUsers,
    close: () => store.close(),
  };
}

export function buildServer(kind: ServerKind, pem: string): BuiltServer | Promise<BuiltServer> {
  switch (kind) {
    case 'bare':
      return bare();
    case 'bare-served':
      return bareServed();
    case 'auth':
      return auth(pem);
    case 'clerk-express':
      return clerkExpress(pem);
    case 'verify-token':
      return perRequestVerifyToken(pem);
    case 'app-pglite':
    case 'app-postgres':
      return product(kind, pem);
  }
}
