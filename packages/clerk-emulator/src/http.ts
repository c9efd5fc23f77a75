import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ClerkError } from './errors.js';

/**
 * Clerk sends exactly `application/json`; `@clerk/backend` parses nothing else (with
 * `; charset=utf-8`, as Express's `res.json` sends, `users.getUser` returns a string).
 */
export function sendJson(res: Response, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a presented secret with the expected one. */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export function requireSecretKey(secretKey: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1] || !sameSecret(match[1], secretKey)) {
      next(
        new ClerkError(
          401,
          'clerk_key_invalid',
          'Secret key invalid',
          'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
        ),
      );
      return;
    }
    next();
  };
}

export function clerkErrorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction) {
  if (err instanceof ClerkError) {
    sendJson(res, err.status, err.toJSON());
    return;
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    sendJson(
      res,
      status,
      new ClerkError(status, 'request_body_invalid', 'Request body is invalid').toJSON(),
    );
    return;
  }
  sendJson(res, 500, new ClerkError(500, 'internal_clerk_error', 'Something went wrong').toJSON());
}

/** A query or body value that may arrive once or repeated, as a string list. */
export function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}

export function optionalString(value: unknown, name: string): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw new ClerkError(422, 'form_param_format_invalid', 'is invalid', `${name} must be a string`);
}

export function requiredString(value: unknown, name: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new ClerkError(422, 'form_param_missing', 'is missing', `${name} must be included`);
}

/**
 * Clerk's `limit` (1–500, default 10) and `offset` (0 or more, default 0) query parameters;
 * anything else is a 422, as Clerk answers.
 */
export function pagination(query: Record<string, unknown>): { limit: number; offset: number } {
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const value = query[name];
    if (value === undefined) return fallback;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (number >= min && number <= max) return number;
    throw new ClerkError(
      422,
      'form_param_format_invalid',
      'is invalid',
      `${name} must be an integer from ${min} to ${max}`,
    );
  };
  return {
    limit: integer('limit', 10, 1, 500),
    offset: integer('offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
}
