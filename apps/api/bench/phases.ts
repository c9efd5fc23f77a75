import type { SigningKey } from '@assetra/clerk-emulator';
import type { Child } from './children.js';
import {
  PATHS,
  type Fill,
  type FromLoad,
  type FromServer,
  type LoadJob,
  type LoadResult,
  type ServerKind,
  type ToLoad,
  type ToServer,
  type Window,
} from './protocol.js';
import type { Workload } from './report.js';
import { log, settings } from './settings.js';
import { mintMany } from './tokens.js';

export type Server = { kind: ServerKind; url: string; child: Child<ToServer, FromServer> };
export type Load = Child<ToLoad, FromLoad>;
export type FirstSight = {
  users: number;
  expected: number;
  result: LoadResult;
  cpuUsPerRequest: number;
};

export const isApp = (server: Server) =>
  server.kind === 'app-pglite' || server.kind === 'app-postgres';

/** One window: the server's own CPU between `begin` and `end`, around one autocannon run. */
export async function measure(
  server: Server,
  load: Load,
  job: LoadJob,
): Promise<{ result: LoadResult; window: Window }> {
  await server.child.ask({ type: 'begin' }, 'begun');
  const answer = await load.ask({ type: 'run', job }, 'result');
  const end = await server.child.ask({ type: 'end' }, 'window');
  if (answer.type !== 'result' || end.type !== 'window') throw new Error('unexpected answer');
  return { result: answer.result, window: end.window };
}

/** The two token workloads: 1,000 users' tokens re-minted every 60 s, and one token. */
export function tokenPool(key: SigningKey) {
  let pool = { at: 0, fresh: [] as string[], repeated: [] as string[] };
  return {
    async refresh() {
      const now = Math.floor(Date.now() / 1000);
      // Valid until iat + 60 s + 5 s skew: never let a window outlive the pool.
      const lastUse = now + settings.settleSeconds + settings.secondsPerWindow + 2;
      if (now - pool.at < settings.remintAfterSeconds && lastUse < pool.at + 64) return;
      const mintFor = (who: string) => (i: number) => ({
        kid: key.kid,
        userId: `user_bench_${who}${i}`,
        sessionId: `sess_bench_${who}${i}`,
        issuedAt: now,
        email: `bench_${who}${i}@example.com`,
      });
      pool = {
        at: now,
        fresh: await mintMany(key.privateKey, settings.poolUsers, mintFor('')),
        repeated: await mintMany(key.privateKey, 1, mintFor('repeat')),
      };
      log(`minted a fresh pool: ${settings.poolUsers} users' tokens + the repeated one`);
    },
    tokens: (workload: Workload | 'all') =>
      workload === 'all'
        ? [...pool.fresh, ...pool.repeated]
        : workload === 'fresh'
          ? pool.fresh
          : pool.repeated,
  };
}

/** (f): distinct users' first requests, each token twice at once; then count the users made. */
export async function firstSights(
  apps: Server[],
  load: Load,
  key: SigningKey,
): Promise<Partial<Record<ServerKind, FirstSight>>> {
  const outcome: Partial<Record<ServerKind, FirstSight>> = {};
  if (apps.length === 0 || settings.firstSights <= 0) return outcome;
  log(`minting ${settings.firstSights} first-sight tokens`);
  const now = Math.floor(Date.now() / 1000);
  const tokens = await mintMany(key.privateKey, settings.firstSights, (i) => ({
    kid: key.kid,
    userId: `user_first_${i}`,
    sessionId: `sess_first_${i}`,
    issuedAt: now,
    // Long enough for the whole phase; Clerk's 60 s changes nothing about a first sight.
    ttlSeconds: 900,
    email: `first${i}@example.com`,
  }));
  for (const server of apps) {
    const count =
      server.kind === 'app-pglite'
        ? Math.min(settings.firstSights, settings.firstSightsOnPGlite)
        : settings.firstSights;
    log(`(f) ${count} first sights, each token sent twice at once, on ${server.kind}`);
    const { result, window } = await measure(server, load, {
      url: `${server.url}${PATHS[server.kind]}`,
      connections: settings.connections,
      amount: 2 * count,
      tokens: tokens.slice(0, count),
      repeat: 2,
    });
    const counted = await server.child.ask({ type: 'count', prefix: 'user_first_' }, 'counted');
    outcome[server.kind] = {
      users: counted.type === 'counted' ? counted.users : -1,
      expected: count,
      result,
      cpuUsPerRequest: window.cpuUs / Math.max(1, window.requests),
    };
  }
  return outcome;
}

/** RSS once `fillTokens` distinct tokens, users and sessions went through the caches. */
export async function fills(servers: Server[]): Promise<Partial<Record<ServerKind, Fill>>> {
  const outcome: Partial<Record<ServerKind, Fill>> = {};
  if (settings.fillTokens <= 0) return outcome;
  log(`memory: ${settings.fillTokens} distinct tokens, users and sessions through the caches`);
  // Not PGlite: its WASM heap (the development database itself) dominates its RSS.
  const filled = servers.filter((s) => s.kind === 'auth' || s.kind === 'app-postgres');
  await Promise.all(
    filled.map(async (server) => {
      const fill = { type: 'fill' as const, count: settings.fillTokens };
      const answer = await server.child.ask(fill, 'filled', 300_000);
      if (answer.type === 'filled') outcome[server.kind] = answer.fill;
    }),
  );
  return outcome;
}
