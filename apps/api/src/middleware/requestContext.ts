import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { loggedPath } from './loggedPath.js';

const VALID_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Echoes a well-formed incoming `X-Request-Id`, else makes one; every log line carries it. */
export function requestId() {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}

/**
 * What is known only once the request is done, added to its line (pino-http's own fields
 * object): the caller, and the path by route pattern (see loggedPath), never the raw URL,
 * which can carry a push token or `?access_token=`. The `req` serializer runs when the request
 * starts, before routing, so it cannot say which route matched.
 */
const withOutcome = (req: unknown, fields: Record<string, unknown>) => {
  fields.clerkUserId = (req as Request).user?.clerkUserId;
  fields.path = loggedPath(req as Request);
  return fields;
};

/**
 * One line per request. Cheap on purpose (about a quarter of pino-http's defaults, see the
 * README's performance section): our serializers read the raw req/res (no std-serializer
 * copy of every header first), and the caller is added to the final line rather than as
 * `customProps`, which would build two more child loggers per request.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req) => (req as Request).id,
    wrapSerializers: false,
    serializers: {
      req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, _res, fields: Record<string, unknown>) => withOutcome(req, fields),
    customErrorObject: (req, _res, _error, fields: Record<string, unknown>) =>
      withOutcome(req, fields),
  });
}
