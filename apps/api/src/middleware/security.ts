import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { HSTS } from './https.js';

type SecurityOptions = { requireHttps: boolean; corsOrigins: string[] };

/** `https://App.example.com/` and `https://app.example.com` are the same origin to a browser. */
function normalizeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}

/**
 * helmet's defaults, minus HSTS (https.ts sends it, and only with REQUIRE_HTTPS). Its CSP
 * already fits `/docs`: swagger-ui-express loads its scripts as same-origin files and only its
 * styles are inline. `upgrade-insecure-requests` is kept only when HTTPS is required: on a plain
 * HTTP development server it would make the browser fetch the docs' assets over HTTPS and fail.
 */
export function helmetFor(requireHttps: boolean): RequestHandler {
  return helmet({
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: { 'upgrade-insecure-requests': requireHttps ? [] : null },
    },
  });
}

/**
 * The headers a helmet middleware sets, found by running it once against a recording response.
 * With our options (no nonce functions) they never depend on the request, so sending the
 * recorded list costs a few setHeader calls instead of helmet's dozen middlewares and its CSP
 * string building per request. Anything else the middleware would do is refused at startup.
 */
function recordedHeaders(middleware: RequestHandler): [string, string][] {
  const headers: [string, string][] = [];
  const nextCalls: unknown[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.push([name, String(value)]);
      return recorder;
    },
    removeHeader() {
      // helmet removes X-Powered-By; the app never sets it (x-powered-by is disabled).
    },
  };
  const request = { method: 'GET', headers: {} } as unknown as Request;
  void middleware(request, recorder as unknown as Response, (error?: unknown) => {
    nextCalls.push(error);
  });
  if (nextCalls.length !== 1 || nextCalls[0] !== undefined)
    throw new Error('helmet did not pass synchronously: its headers are not static');
  return headers;
}

function securityHeaders(requireHttps: boolean): RequestHandler {
  const headers = recordedHeaders(helmetFor(requireHttps));
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** What every answer carries whatever the request, for answers given outside Express. */
export function fixedHeaders(requireHttps: boolean): [string, string][] {
  const headers = recordedHeaders(helmetFor(requireHttps));
  return requireHttps ? [...headers, ['Strict-Transport-Security', HSTS]] : headers;
}

/**
 * CORS for the configured browser origins only. Any other origin, and a request without one
 * (the mobile app), gets no CORS header at all. Bearer tokens travel in `Authorization`, so
 * credentials mode is never enabled, and never with `*`.
 */
function corsFor(origins: string[]): RequestHandler[] {
  if (origins.length === 0) return [];
  const allowed = new Set(origins.map(normalizeOrigin));
  const varyOnOrigin = (_req: Request, res: Response, next: NextFunction) => {
    // Whether the answer carries CORS headers depends on Origin, even when it carries none.
    res.vary('Origin');
    next();
  };
  const handler = cors({
    origin: (origin, callback) => {
      callback(null, origin !== undefined && allowed.has(origin) ? origin : false);
    },
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
    credentials: false,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return [varyOnOrigin, handler];
}

/** Response headers every answer carries, error answers and rate-limited ones included. */
export function security(options: SecurityOptions): RequestHandler[] {
  return [securityHeaders(options.requireHttps), ...corsFor(options.corsOrigins)];
}
