import express, { type Request, type Response, type NextFunction } from 'express';
import type { JWK } from 'jose';
import type { ClerkInstance } from './instance.js';
import { clerkErrorHandler, requireSecretKey, sendJson } from './http.js';
import { backendRoutes } from './routes/backend.js';
import { devRoutes, type TokenMinter } from './routes/dev.js';
import { frontendRoutes } from './routes/frontend.js';

export type FaultMode = 'error' | 'hang' | null;

export type AppDeps = {
  instance: ClerkInstance;
  secretKey: string;
  /** The published signing keys, read on every JWKS request (the key can be rotated). */
  jwks: () => JWK[];
  issuer: () => string;
  mint: TokenMinter;
  fault: { mode: FaultMode };
};

export function createEmulatorApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const jwks = () => ({ keys: deps.jwks() });
  app.get('/.well-known/jwks.json', (_req, res) => {
    sendJson(res, 200, jwks());
  });
  app.use('/v1/client', frontendRoutes(deps.instance, deps.mint));
  app.use('/__dev', devRoutes(deps));

  const backend = express.Router();
  backend.use(faultInjection(deps.fault));
  backend.use(requireSecretKey(deps.secretKey));
  backend.use(backendRoutes({ ...deps, jwks }));
  app.use('/v1', backend);

  app.use((_req, res) => {
    sendJson(res, 404, {
      errors: [{ code: 'resource_not_found', message: 'not found', long_message: 'No such route' }],
    });
  });
  app.use(clerkErrorHandler);
  return app;
}

/** While a fault is switched on, the Backend API answers 503 or never answers at all. */
function faultInjection(fault: { mode: FaultMode }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (fault.mode === 'hang') return; // held open until the client gives up or the emulator closes
    if (fault.mode === 'error') {
      sendJson(res, 503, {
        errors: [
          {
            code: 'service_unavailable',
            message: 'Service unavailable',
            long_message: 'Injected fault',
          },
        ],
      });
      return;
    }
    next();
  };
}
