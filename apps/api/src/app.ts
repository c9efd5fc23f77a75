import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { HttpError } from './errors.js';
import { isReadOnly, requireAccount } from './middleware/account.js';
import { authenticate } from './middleware/auth.js';
import { bySegment, series } from './middleware/bySegment.js';
import { errorHandler } from './middleware/errors.js';
import { requireHttps } from './middleware/https.js';
import { createRateLimiters } from './middleware/rateLimit.js';
import { sharedCounts, type RedisClient } from './middleware/rateLimitStore.js';
import { requestId, requestLog } from './middleware/requestContext.js';
import { fixedHeaders, security } from './middleware/security.js';
import { openApiRouter } from './openapi/router.js';
import { accountRoutes } from './routes/account.js';
import { authRoutes } from './routes/auth.js';
import { emailLinkRoutes } from './routes/emailLink.js';
import { subscriptionRoutes } from './routes/subscription.js';
import { clerkWebhookRoutes } from './routes/webhooks/clerk.js';
import { revenueCatWebhookRoutes } from './routes/webhooks/revenuecat.js';
import {
  DEFAULT_ACCOUNT_CACHE_TTL_MS,
  createAccountCache,
  invalidatingStore,
  type AccountCache,
} from './services/accountCache.js';
import { createAccountDeletion } from './services/accountDeletion.js';
import { healthRoutes } from './routes/health.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { securityRoutes } from './routes/security.js';
import { createSecurityCenter } from './services/securityCenter.js';
import { userRoutes } from './routes/users.js';
import type { ClerkGateway } from './services/clerk.js';
import type { KeySource } from './services/jwks.js';
import { createSmtpMailer, type Mailer } from './services/mailer.js';
import { createNewDeviceAlerts } from './services/newDeviceAlerts.js';
import { createProvisioning } from './services/provisioning.js';
import { createSessionVerifier } from './services/sessionVerifier.js';
import type { TokenCache } from './services/tokenCache.js';
import type { Store } from './store/port.js';

export type AppDeps = {
  config: Config;
  store: Store;
  clerk: ClerkGateway;
  keys: KeySource;
  logger: Logger;
  now?: () => number;
  /** With `REDIS_URL`: the process's Redis client, so rate limits are shared by every instance. */
  redis?: RedisClient;
  /** Namespace of the rate-limit keys in Redis (`rl:` by default). */
  rateLimitPrefix?: string;
  /** User records and revocations for read-only requests; default TTL 2 s (0 disables). */
  accountCache?: AccountCache;
  /** Verified session tokens; default createTokenCache() (10,000 entries, 16 MiB). */
  tokenCache?: TokenCache;
  /** Outgoing email; default SMTP at `SMTP_URL`, none without it. */
  mailer?: Mailer;
};

/** The Express app with its collaborators passed in; it never listens (server.ts does). */
export function createApp(deps: AppDeps) {
  const { config, logger } = deps;
  const accounts = deps.accountCache ?? createAccountCache({ ttlMs: DEFAULT_ACCOUNT_CACHE_TTL_MS });
  accounts.follow(deps.store);
  const store = invalidatingStore(deps.store, accounts);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.locals.fixedHeaders = fixedHeaders(config.requireHttps);

  const limits = createRateLimiters({
    limits: config.rateLimit,
    logger,
    counts: deps.redis ? sharedCounts(deps.redis, logger) : undefined,
    prefix: deps.rateLimitPrefix,
  });

  const verify = createSessionVerifier({
    keys: deps.keys,
    issuer: config.clerk.issuer,
    authorizedParties: config.clerk.authorizedParties,
    allowMissingAzp: config.clerk.allowMissingAzp,
    cache: deps.tokenCache,
  });
  const provisioning = createProvisioning({
    store,
    clerk: deps.clerk,
    logger,
    now: deps.now,
    accounts,
  });
  const auth: RequestHandler = authenticate(verify, (sessionId, req) => {
    const load = () => store.isSessionRevoked(sessionId);
    return isReadOnly(req) ? accounts.sessionRevoked(sessionId, load) : load();
  });
  // One handler for the routes, so each authenticated request is one router layer, not three.
  const authenticated: RequestHandler[] = [
    series([auth, requireAccount(provisioning), limits.perUser]),
  ];
  const deleteAccount = createAccountDeletion({ store, clerk: deps.clerk, logger });
  const center = createSecurityCenter({ store, clerk: deps.clerk, logger, now: deps.now });

  // One mailer for sign-in links and new-device emails (STARTTLS required as config says).
  const { smtpUrl, requireTls, from } = config.email;
  const mailer =
    deps.mailer ??
    (smtpUrl === undefined ? undefined : createSmtpMailer({ url: smtpUrl, from, requireTls }));
  const onSignIn = createNewDeviceAlerts({ store, mailer, logger, now: deps.now });

  const docs = openApiRouter();
  const subscription = subscriptionRoutes({ authenticated, store, now: deps.now });
  const routes = bySegment({
    'openapi.json': [docs],
    docs: [docs],
    webhooks: [
      clerkWebhookRoutes({
        secret: config.webhooks.clerkSigningSecret,
        store,
        logger,
        ...(onSignIn ? { onSignIn } : {}),
      }),
      revenueCatWebhookRoutes({ auth: config.webhooks.revenueCatAuth, store, logger }),
    ],
    auth: [
      authRoutes({ authenticate: auth, perUserLimit: limits.perUser, provisioning }),
      emailLinkRoutes({
        config,
        store,
        clerk: deps.clerk,
        logger,
        now: deps.now,
        mailer,
      }),
    ],
    users: [
      userRoutes({ authenticated, store }),
      accountRoutes({
        authenticate: auth,
        authenticated,
        perUserLimit: limits.perUser,
        provisioning,
        store,
        deleteAccount,
      }),
      securityRoutes({ authenticated, store, center }),
    ],
    portfolio: [portfolioRoutes({ authenticated, store })],
    subscription: [subscription],
    pro: [subscription],
  });
  const probes = healthRoutes(store);
  // Everything a request goes through, in order, as one layer of Express's router.
  app.use(
    series([
      requestId(),
      requestLog(logger),
      requireHttps(config.requireHttps),
      ...security(config),
      // Probes sit before the limiters: an orchestrator's checks must never be refused.
      bySegment({ healthz: [probes], readyz: [probes] }),
      ...limits.perIp,
      routes,
    ]),
  );

  app.use((_req, _res, next) => {
    next(new HttpError('not_found'));
  });
  app.use(errorHandler(logger));
  return app;
}
