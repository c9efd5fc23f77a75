import type { Request } from 'express';
import { ACCOUNT_ROUTES } from '../openapi/accountRoutes.js';
import { PUBLIC_ROUTES } from '../openapi/publicRoutes.js';
import { routePattern } from './pathParams.js';

/** Every literal segment of the contract's routes: the only words an unmatched path may show. */
const ROUTE_WORDS = new Set(
  [...PUBLIC_ROUTES, ...ACCOUNT_ROUTES]
    .flatMap((route) => route.path.split('/'))
    .filter((segment) => segment !== '' && !segment.startsWith('{')),
);

const MAX_SEGMENTS = 8;

/**
 * What the request log says a request's path was: the pattern of the route that matched
 * (`/users/me/push-tokens/:token`), never the raw URL, which can carry a push token. A request
 * no route matched (a 404, or one refused before routing) is shown by its shape: the words of
 * the API's own routes kept, any other segment `*` (`/users/me/push-token/*`), at most 8 —
 * enough to see a client calling a wrong route, nothing an attacker or a client's bug put there.
 */
export function loggedPath(req: Request): string {
  const pattern = routePattern(req);
  if (pattern !== undefined) return pattern;
  // originalUrl: a router mounted under a prefix (the docs' assets) trims `url` while it runs.
  const url = req.originalUrl || req.url;
  const query = url.indexOf('?');
  const segments = (query === -1 ? url : url.slice(0, query)).split('/');
  const shape = segments
    .slice(0, MAX_SEGMENTS + 1)
    .map((segment) => {
      const word = segment.toLowerCase();
      return segment === '' || ROUTE_WORDS.has(word) ? word : '*';
    })
    .join('/');
  return segments.length > MAX_SEGMENTS + 1 ? `${shape}/…` : shape;
}
