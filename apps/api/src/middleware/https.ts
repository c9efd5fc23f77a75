import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendProblem } from './errors.js';

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The probes, matched as Express routes them (case-insensitive, optional trailing slash):
 * load balancers and orchestrators call them over plain HTTP, and they must never be limited.
 */
export const isProbe = (req: Request) => /^\/(?:healthz|readyz)\/?$/i.test(req.path);

/**
 * With `REQUIRE_HTTPS`: a request that did not arrive over TLS (`req.secure`, which honours
 * `trust proxy` for `X-Forwarded-Proto`) is refused with 403 `https_required`. Never a redirect:
 * a client following it would already have sent its bearer token in clear, and a mobile app
 * must fail loudly rather than silently downgrade. HSTS is sent on every response only then,
 * so a development server on plain HTTP never pins a browser to HTTPS.
 */
export function requireHttps(enabled: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!enabled) {
      next();
      return;
    }
    res.setHeader('Strict-Transport-Security', HSTS);
    if (req.secure || isProbe(req)) {
      next();
      return;
    }
    sendProblem(req, res, 'https_required', { detail: 'This API is only served over HTTPS' });
  };
}
