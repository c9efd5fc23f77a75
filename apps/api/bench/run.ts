import { generateSigningKey } from '@assetra/clerk-emulator';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleChildren } from './bundle.js';
import { spawnChild, type Child } from './children.js';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import {
  PATHS,
  SERVER_KINDS,
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
import { goalsOf } from './goals.js';
import { summarize, table, goalLines, type Sample, type Workload } from './report.js';
import { mintMany } from './tokens.js';

const quick = process.argv.includes('--quick');
/** `--name=value` flags for a narrower run: `--only=bare,auth --rounds=5 --seconds=2`. */
const flag = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = flag('only')?.split(',');
const settings = {
  quick,
  rounds: Number(flag('rounds') ?? (quick ? 2 : 3)),
  secondsPerWindow: Number(flag('seconds') ?? (quick ? 1 : 3)),
  warmupSeconds: 1,
  /** Unmeasured load on an (e) server right before its window: longer than the account cache's TTL. */
  settleSeconds: 2.5,
  connections: 50,
  poolUsers: 1000,
  /** As Clerk's: a new 60 s token every 60 s (earlier only if a window would outlive it). */
  remintAfterSeconds: 60,
  firstSights: Number(flag('first-sights') ?? (quick ? 1000 : 10_000)),
  fillTokens: Number(flag('fill') ?? 1_000_000),
  /** Offered load in req/s for every server; unset: closed loop, as fast as each answers. */
  rate: flag('rate') === undefined ? undefined : Number(flag('rate')),
};
const started = Date.now();
const log = (line: string) => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
};

type Server = { kind: ServerKind; url: string; child: Child<ToServer, FromServer> };
const isApp = (server: Server) => server.kind === 'app-pglite' || server.kind === 'app-postgres';
type Load = Child<ToLoad, FromLoad>;

async function measure(
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

async function main() {
  await bundleChildren();
  const key = await generateSigningKey();
  let database: BenchDatabase | undefined;
  const skipped: Record<string, string> = {};
  try {
    if (only && !only.includes('app-postgres')) throw new Error('not selected');
    database = await createBenchDatabase();
  } catch (error) {
    skipped['app-postgres'] = `PostgreSQL unreachable (${(error as Error).message})`;
    log(`skipping (e) on PostgreSQL: ${skipped['app-postgres']}`);
  }
  const kinds = SERVER_KINDS.filter(
    (kind) => !skipped[kind] && (!only || kind === 'bare' || only.includes(kind)),
  );
  const load: Load = spawnChild('load generator', 'load.mjs', [], {});
  const servers: Server[] = [];
  try {
    log(`starting ${kinds.length} servers and the load generator`);
    const env = {
      BENCH_PEM: key.publicKeyPem,
      BENCH_DATABASE_URL: database?.url ?? '',
      NODE_ENV: 'production',
      ...(flag('account-ttl') === undefined
        ? {}
        : { BENCH_ACCOUNT_TTL_MS: flag('account-ttl') ?? '' }),
      CLERK_TELEMETRY_DISABLED: '1',
    };
    const spawned = await Promise.all(
      kinds.map(async (kind) => {
        const child = spawnChild<ToServer, FromServer>(kind, 'server.mjs', [kind], env);
        servers.push({ kind, url: '', child });
        const ready = await child.ask(undefined, 'ready', 120_000);
        return { kind, url: ready.type === 'ready' ? ready.url : '', child };
      }),
    );
    servers.splice(0, servers.length, ...spawned);
    await load.ask(undefined, 'ready', 120_000);

    let pool = { at: 0, fresh: [] as string[], repeated: [] as string[] };
    const refreshPool = async () => {
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
    };
    const jobFor = (server: Server, workload: Workload, seconds: number): LoadJob => ({
      url: `${server.url}${PATHS[server.kind]}`,
      connections: settings.connections,
      duration: seconds,
      rate: settings.rate,
      tokens: workload === 'fresh' ? pool.fresh : pool.repeated,
    });

    await refreshPool();
    const apps = servers.filter(isApp);
    log('provisioning the pool users on the (e) servers, then warming every server up');
    for (const server of apps) {
      const job = { ...jobFor(server, 'fresh', 0), amount: settings.poolUsers + 1 };
      job.tokens = [...pool.fresh, ...pool.repeated];
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
          await refreshPool();
          const { result, window } = await measure(
            server,
            load,
            jobFor(server, workload, settings.secondsPerWindow),
          );
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

    const firstSight: Record<
      string,
      { users: number; expected: number; result: LoadResult; cpuUsPerRequest: number }
    > = {};
    if (apps.length > 0 && settings.firstSights > 0) {
      log(`minting ${settings.firstSights} first-sight tokens`);
      const now = Math.floor(Date.now() / 1000);
      const tokens = await mintMany(key.privateKey, settings.firstSights, (i) => ({
        kid: key.kid,
        userId: `user_first_${i}`,
        sessionId: `sess_first_${i}`,
        issuedAt: now,
        // Long enough for the whole phase; Clerk's 60 s changes nothing about first sight.
        ttlSeconds: 900,
        email: `first${i}@example.com`,
      }));
      for (const server of apps) {
        // PGlite (the development store) provisions ~5× slower: 1,000 keep the run short.
        const count =
          server.kind === 'app-pglite'
            ? Math.min(settings.firstSights, 1000)
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
        firstSight[server.kind] = {
          users: counted.type === 'counted' ? counted.users : -1,
          expected: count,
          result,
          cpuUsPerRequest: window.cpuUs / Math.max(1, window.requests),
        };
      }
    }

    log(`memory: ${settings.fillTokens} distinct tokens, users and sessions through the caches`);
    const fills: Partial<Record<ServerKind, Fill>> = {};
    await Promise.all(
      servers
        // Not PGlite: its WASM heap (the development database itself) dominates its RSS.
        .filter((s) => settings.fillTokens > 0 && (s.kind === 'auth' || s.kind === 'app-postgres'))
        .map(async (server) => {
          const answer = await server.child.ask(
            { type: 'fill', count: settings.fillTokens },
            'filled',
            300_000,
          );
          if (answer.type === 'filled') fills[server.kind] = answer.fill;
        }),
    );

    const rows = summarize(samples, kinds);
    const goals = goalsOf(rows, firstSight, fills);
    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
    };
    const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
    mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          settings,
          machine,
          skipped,
          rows,
          firstSight,
          fills,
          rssAfterLoad,
          goals,
          samples,
        },
        null,
        2,
      )}\n`,
    );

    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `\nAssetra API bench — ${quick ? 'quick' : 'full'} run, ${settings.rounds} interleaved rounds of ${settings.secondsPerWindow} s per server and workload, ${settings.connections} connections`,
    );
    console.log(
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverageAtEnd.join(' ')}\n`,
    );
    console.log(table(rows));
    const bare = rows.find((row) => row.server === 'bare' && row.workload === 'fresh');
    const vsBare = (value: number, ceiling: number | undefined) =>
      ceiling ? `${(value / ceiling).toFixed(2)}×` : '–';
    for (const [kind, f] of Object.entries(firstSight)) {
      console.log(
        `\n(f) first sight on ${kind}: ${f.users}/${f.expected} users created from ${f.result.requests} requests (${f.result.non2xx} non-2xx); ${f.result.reqPerSec.toFixed(0)} req/s (${vsBare(f.result.reqPerSec, bare?.reqPerSec)} of (a)), p50 ${f.result.p50Ms} ms, p99 ${f.result.p99Ms} ms, ${f.cpuUsPerRequest.toFixed(0)} µs CPU/request (CPU vs (a) ${vsBare(bare?.cpuUsPerRequest ?? 0, f.cpuUsPerRequest)})`,
      );
    }
    for (const [kind, f] of Object.entries(fills)) {
      console.log(
        `memory on ${kind}: RSS ${mb(f.rssAtStartBytes)} at start, ${mb(f.rssBeforeBytes)} after the load, ${mb(f.rssAfterBytes)} after ${f.count} distinct tokens (V8 heap in use ${mb(f.heapUsedAfterBytes)}); token cache ${f.tokenCache.size} entries / ${mb(f.tokenCache.bytes)}, account cache ${f.accountCache.users} users / ${f.accountCache.sessions} sessions`,
      );
    }
    if (rssAfterLoad['app-pglite'] !== undefined)
      console.log(
        `memory on app-pglite: RSS ${mb(rssAfterLoad['app-pglite'])} after the load (PGlite's WASM heap: the development database itself)`,
      );
    for (const [kind, reason] of Object.entries(skipped)) console.log(`skipped ${kind}: ${reason}`);
    console.log(`\n${goalLines(goals)}`);
    console.log(`\nresults: ${out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
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
