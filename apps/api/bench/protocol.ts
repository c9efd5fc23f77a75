/** The servers under test, in report order. */
export const SERVER_KINDS = [
  'bare',
  'bare-served',
  'auth',
  'clerk-express',
  'verify-token',
  'app-pglite',
  'app-postgres',
] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const LABELS: Record<ServerKind, string> = {
  bare: '(a) bare Express 5 route',
  'bare-served': "(a′) bare route, the API's HTTP server",
  auth: '(b) Assetra auth middleware',
  'clerk-express': '(c) @clerk/express clerkMiddleware',
  'verify-token': '(d) @clerk/backend verifyToken',
  'app-pglite': '(e) GET /users/me, PGlite',
  'app-postgres': '(e) GET /users/me, PostgreSQL',
};

/** Served by the API's own HTTP server (src/httpServer.ts); the rest by `createServer(app)`. */
export const SERVED_AS_THE_API: readonly ServerKind[] = [
  'bare-served',
  'app-pglite',
  'app-postgres',
];

/** The path each server answers the measured request on. */
export const PATHS: Record<ServerKind, string> = {
  bare: '/me',
  'bare-served': '/me',
  auth: '/me',
  'clerk-express': '/me',
  'verify-token': '/me',
  'app-pglite': '/users/me',
  'app-postgres': '/users/me',
};

export type ToServer =
  | { type: 'begin' }
  | { type: 'end' }
  | { type: 'count'; prefix: string }
  | { type: 'fill'; count: number }
  | { type: 'stop' };

export type Window = { cpuUs: number; requests: number; rssBytes: number };
export type Fill = {
  count: number;
  /** Right after the server started listening, before any request. */
  rssAtStartBytes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** V8 heap in use after the fill and a full GC: what the process really retains. */
  heapUsedAfterBytes: number;
  tokenCache: { size: number; bytes: number };
  accountCache: { users: number; sessions: number };
};

export type FromServer =
  | { type: 'ready'; url: string }
  | { type: 'begun' }
  | { type: 'window'; window: Window }
  | { type: 'counted'; users: number }
  | { type: 'filled'; fill: Fill }
  | { type: 'failed'; message: string };

export type LoadJob = {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** Requests per second in all (autocannon overallRate); unset: as fast as the server answers. */
  rate?: number;
  /** One token for every request, or these in turn (each `repeat` times in a row). */
  tokens: string[];
  repeat?: number;
};

export type LoadResult = {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
};

export type ToLoad = { type: 'run'; job: LoadJob } | { type: 'stop' };
export type FromLoad =
  { type: 'ready' } | { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };
