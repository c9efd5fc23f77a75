import type { RequestHandler } from 'express';
import { HttpError } from '../errors.js';

/**
 * The one place that decides `503 not_configured`: a route whose integration has no setting
 * (a webhook secret, a mailer) gets a single handler that answers it before reading any
 * credential or body; otherwise `handlers` builds the route from the setting it needs.
 */
export function requireConfigured<T>(
  setting: T | undefined,
  feature: string,
  handlers: (setting: T) => RequestHandler[],
): RequestHandler[] {
  if (setting !== undefined) return handlers(setting);
  return [
    (_req, _res, next) => {
      next(new HttpError('not_configured', `${feature} are not configured`));
    },
  ];
}
