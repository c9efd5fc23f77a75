import { generateSigningKey } from '@assetra/clerk-emulator';
import { bundleChildren } from './bundle.js';
import { spawnChild } from './children.js';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { goalsOf } from './goals.js';
import { report } from './output.js';
import { fills, firstSights, isApp, measure, tokenPool, type Load, type Server } from './phases.js';
import {
  PATHS,
  SERVER_KINDS,
  type FromServer,
  type LoadJob,
  type ServerKind,
  type ToServer,
} from './protocol.js';
import { summarize, type Sample, type Workload } from './report.js';
import { log, settings } from './settings.js';

/**
 * `npm run bench`: every server in its own process, autocannon in another, all on loopback;
 * interleaved rounds, so each ratio compares windows measured seconds apart. See the README's
 * performance section for what each server is.
 */
async function main() {
  await bundleChildren();
  const key = await generateSigningKey();
  const { only } = settings;
  let database: BenchDatabase | undefined;
  const skipped: Record<string, string> = {};
  if (!only || only.includes('app-postgres')) {
    try {
      database = await createBenchDatabase();
    } catch (error) {
      skipped['app-postgres'] = `PostgreSQL unreachable (${(error as Error).message})`;
      log(`skipping (e) on PostgreSQL: ${skipped['app-postgres']}`);
    }
  }
  const kinds = SERVER_KINDS.filter(
    (kind) =>
      !skipped[kind] &&
      (!only ||
        kind === 'bare' ||
        only.includes(kind) ||
        // (e)'s companion: the bare route served as the API serves it.
        (kind === 'bare-served' && only.some((name) => name.startsWith('app-')))) &&
      (kind !== 'app-postgres' || database),
  );
  const load: Load = spawnChild('load generator', 'load.mjs', [], {});
  const servers: Server[] = [];
  try {
    log(`starting ${kinds.length} servers and the load generator`);
    const env = {
      BENCH_PEM: key.publicKeyPem,
      BENCH_DATABASE_URL: database?.url ?? '',
      NODE_ENV: 'production',
      CLERK_TELEMETRY_DISABLED: '1',
      ...(settings.accountTtlMs === undefined
        ? {}
        : { BENCH_ACCOUNT_TTL_MS: settings.accountTtlMs }),
    };
    for (const kind of kinds) {
      servers.push({
        kind,
        url: '',
        child: spawnChild<ToServer, FromServer>(kind, 'server.mjs', [kind], env),
      });
    }
    for (const server of servers) {
      const ready = await server.child.ask(undefined, 'ready', 120_000);
      if (ready.type === 'ready') server.url = ready.url;
    }
    await load.ask(undefined, 'ready', 120_000);

    const pool = tokenPool(key);
    const jobFor = (server: Server, workload: Workload | 'all', seconds: number): LoadJob => ({
      url: `${server.url}${PATHS[server.kind]}`,
      connections: settings.connections,
      duration: seconds,
      rate: settings.rate,
      tokens: pool.tokens(workload),
    });

    await pool.refresh();
    const apps = servers.filter(isApp);
    log('provisioning the pool users on the (e) servers, then warming every server up');
    for (const server of apps) {
      const job = { ...jobFor(server, 'all', 0), amount: settings.poolUsers + 1 };
      await load.ask({ type: 'run', job }, 'result', 300_000);
    }
    for (const server of servers)
      for (const workload of ['fresh', 'repeated'] as const)
        await measure(server, load, jobFor(server, workload, settings.warmupSeconds));

    const samples: Sample[] = [];
    const rssAfterLoad: Partial<Record<ServerKind, number>> = {};
    for (let round = 0; round < settings.rounds; round += 1) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      const workloads: Workload[] = round % 2 ? ['repeated', 'fresh'] : ['fresh', 'repeated'];
      log(`round ${round + 1}/${settings.rounds}: ${order.map((s) => s.kind).join(', ')}`);
      for (const server of order) {
        for (const workload of workloads) {
          // The account cache keeps entries 2 s: after ~10 s of other servers' turns it is empty,
          // which a continuously loaded instance never is. Refill it, unmeasured, first; a new
          // pool, if due, comes after, so its first sights fall in the measured window as for (b).
          if (isApp(server)) {
            const settle = jobFor(server, workload, settings.settleSeconds);
            await load.ask({ type: 'run', job: settle }, 'result');
          }
          await pool.refresh();
          const job = jobFor(server, workload, settings.secondsPerWindow);
          const { result, window } = await measure(server, load, job);
          rssAfterLoad[server.kind] = window.rssBytes;
          samples.push({
            round,
            server: server.kind,
            workload,
            reqPerSec: result.reqPerSec,
            p50Ms: result.p50Ms,
            p99Ms: result.p99Ms,
            cpuUsPerRequest: window.cpuUs / Math.max(1, window.requests),
            requests: window.requests,
            non2xx: result.non2xx,
            errors: result.errors,
          });
        }
      }
    }

    const firstSight = await firstSights(apps, load, key);
    const filled = await fills(servers);
    const rows = summarize(samples, kinds);
    report({
      rows,
      samples,
      firstSight,
      fills: filled,
      rssAfterLoad,
      skipped,
      goals: goalsOf(rows, firstSight, filled),
    });
  } finally {
    await Promise.all(servers.map((s) => s.child.stop({ type: 'stop' })));
    await load.stop({ type: 'stop' });
    await database?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
