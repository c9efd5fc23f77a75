import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { HttpError } from './errors.js';
import { requireAccount } from './middleware/account.js';
import { authenticate, createSessionVerifier } from './middleware/auth.js';
import { errorHandler } from './middleware/errors.js';
import { requestId, requestLog } from './middleware/requestContext.js';
import { openApiRouter } from './openapi/router.js';
import { authRoutes } from './routes/auth.js';
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
  const auth: RequestHandler = authenticate(verify);
  const authenticated: RequestHandler[] = [auth, requireAccount(provisioning)];

  app.use(authRoutes({ authenticate: auth, provisioning }));
  app.use(userRoutes({ authenticated, store }));
  app.use(portfolioRoutes({ authenticated, store }));

  app.use((_req, _res, next) => {
    next(new HttpError('not_found'));
  });
  app.use(errorHandler(logger));
  return app;
}
