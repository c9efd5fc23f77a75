import { text } from '@assetra/shared';
import type { Request } from 'express';
import { HttpError } from '../errors.js';

/** Each regex undecodedRoute() made, with the pattern it stands for. */
const patterns = new WeakMap<RegExp, string>();

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The route path to give Express for `pattern` (`/users/me/push-tokens/:token`): it matches the
 * same requests (case-insensitive, optional trailing slash) but holds no capture group, because
 * Express's router decodes every parameter while matching, before any handler runs, and throws
 * on `%zz` there: a 500, before authentication. The contract decodes parameters after it, with
 * pathParam().
 */
export function undecodedRoute(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)))
    .join('/');
  const route = new RegExp(`^${source}/?$`, 'i');
  patterns.set(route, pattern);
  return route;
}

/** The pattern of the route that matched the request (`/users/me/push-tokens/:token`), if any. */
export function routePattern(req: Request): string | undefined {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return path;
  return path instanceof RegExp ? patterns.get(path) : undefined;
}

const invalid = (name: string, message: string) =>
  new HttpError('validation_failed', undefined, { errors: [{ path: `/${name}`, message }] });

/**
 * The decoded path parameter `name` of an undecodedRoute(); call it after authentication. One
 * that does not decode, or holds a control character, is 400 `validation_failed`.
 */
export function pathParam(req: Request, name: string): string {
  const pattern = routePattern(req);
  const index = pattern?.split('/').indexOf(`:${name}`) ?? -1;
  const raw = index === -1 ? undefined : req.path.split('/')[index];
  if (raw === undefined) throw new Error(`route ${pattern ?? '?'} has no parameter :${name}`);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw invalid(name, 'Is not valid percent-encoding');
  }
  const checked = text().safeParse(value);
  if (!checked.success) throw invalid(name, checked.error.issues[0]?.message ?? 'Is not valid');
  return checked.data;
}
