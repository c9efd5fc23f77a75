import { randomUUID } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';

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

/** The path without its query: `?access_token=` and the like must never be logged. */
const pathOnly = (url: string) => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/** The caller, added to the request's line (pino-http's own fields object) once known. */
const withCaller = (req: unknown, fields: Record<string, unknown>) => {
  fields.clerkUserId = (req as Request).user?.clerkUserId;
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
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: pathOnly(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, _res, fields: Record<string, unknown>) => withCaller(req, fields),
    customErrorObject: (req, _res, _error, fields: Record<string, unknown>) =>
      withCaller(req, fields),
  });
}
