import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { HttpError } from './errors.js';
import { requireAccount } from './middleware/account.js';
import { authenticate, createSessionVerifier } from './middleware/auth.js';
import { errorHandler } from './middleware/errors.js';
import { requestId, requestLog } from './middleware/requestContext.js';
import { openApiRouter } from './openapi/router.js';
import { accountRoutes } from './routes/account.js';
import { authRoutes } from './routes/auth.js';
import { subscriptionRoutes } from './routes/subscription.js';
import { clerkWebhookRoutes } from './routes/webhooks/clerk.js';
import { revenueCatWebhookRoutes } from './routes/webhooks/revenuecat.js';
import { createAccountDeletion } from './services/accountDeletion.js';
import { healthRoutes } from './routes/health.js';
import { portfolioRoutes } from './routes/portfolio.js';
import { userRoutes } from './routes/users.js';
import type { ClerkGateway } from './services/clerk.js';
import type { KeySource } from './services/jwks.js';
import { createProvisioning } from './services/provisioning.js';
import type { Store } from './store/port.js';

export type AppDeps = {
  config: Config;
  store: Store;
  clerk: ClerkGateway;
  keys: KeySource;
  logger: Logger;
  now?: () => number;
};

/** The Express app with its collaborators passed in; it never listens (server.ts does). */
export function createApp(deps: AppDeps) {
  const { config, store, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestId());
  app.use(requestLog(logger));
  app.use(healthRoutes(store));
  app.use(openApiRouter());

  const verify = createSessionVerifier({
    keys: deps.keys,
    issuer: config.clerk.issuer,
    authorizedParties: config.clerk.authorizedParties,
    allowMissingAzp: config.clerk.allowMissingAzp,
  });
  const provisioning = createProvisioning({ store, clerk: deps.clerk, logger, now: deps.now });
  const auth: RequestHandler = authenticate(verify, (sessionId) =>
    store.isSessionRevoked(sessionId),
  );
  const authenticated: RequestHandler[] = [auth, requireAccount(provisioning)];
  const deleteAccount = createAccountDeletion({ store, clerk: deps.clerk, logger });

  app.use(clerkWebhookRoutes({ secret: config.webhooks.clerkSigningSecret, store, logger }));
  app.use(revenueCatWebhookRoutes({ auth: config.webhooks.revenueCatAuth, store, logger }));
  app.use(authRoutes({ authenticate: auth, provisioning }));
  app.use(accountRoutes({ authenticate: auth, authenticated, provisioning, store, deleteAccount }));
  app.use(userRoutes({ authenticated, store }));
  app.use(portfolioRoutes({ authenticated, store }));
  app.use(subscriptionRoutes({ authenticated, store, now: deps.now }));

  app.use((_req, _res, next) => {
    next(new HttpError('not_found'));
  });
  app.use(errorHandler(logger));
  return app;
}
