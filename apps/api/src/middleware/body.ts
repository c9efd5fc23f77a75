import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { HttpError } from '../errors.js';

export const JSON_LIMIT = '100kb';

const parseJson = express.json({
  limit: JSON_LIMIT,
  strict: true,
  type: ['application/json', 'application/*+json'],
});

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * JSON bodies, parsed only after authentication (the contract's order of checks): a body in
 * another media type is 415, over 100 KB 413, unparsable 400 `malformed_json`.
 */
export function jsonBody(): RequestHandler[] {
  const requireJsonMediaType = (req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      next(new HttpError('unsupported_media_type', 'Send the body as application/json'));
      return;
    }
    next();
  };
  return [requireJsonMediaType, parseJson];
}
