import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Routes a request by the first segment of its path to the routers registered for it, in order;
 * a request no router answers goes on past it. Mounted at `/`, every Express Router is entered
 * by every request and walks its whole stack: this is one map lookup instead. Segments match
 * case-insensitively, as Express routes (`/USERS/me` is `/users/me`).
 */
export function bySegment(table: Record<string, RequestHandler[]>): RequestHandler {
  const routes = new Map(
    Object.entries(table).map(([segment, handlers]) => [segment.toLowerCase(), handlers]),
  );
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    const end = path.indexOf('/', 1);
    const handlers = routes.get(path.slice(1, end === -1 ? undefined : end).toLowerCase());
    if (handlers) runInOrder(handlers, req, res, next);
    else next();
  };
}

/**
 * The handlers as one middleware, run in order as `app.use(...handlers)` would run them, but
 * as a single layer of Express's router instead of one layer (a match, a prefix trim, a
 * try/catch) each. `next('router')` / `next('route')` from one of them moves on to the next.
 */
export function series(handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    runInOrder(handlers, req, res, next);
  };
}

function runInOrder(
  handlers: RequestHandler[],
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  let index = 0;
  const step = (error?: unknown) => {
    // 'router' / 'route' from a router mean "not mine": try the next one.
    if (error !== undefined && error !== 'router' && error !== 'route') {
      next(error);
      return;
    }
    const handler = handlers[index];
    index += 1;
    if (!handler) {
      next();
      return;
    }
    try {
      const pending: unknown = handler(req, res, step);
      if (pending instanceof Promise) pending.catch(next);
    } catch (error) {
      next(error);
    }
  };
  step();
}
