import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FirstSight } from './phases.js';
import { SERVED_AS_THE_API, type Fill, type ServerKind } from './protocol.js';
import { goalLines, table, type Goal, type Row, type Sample } from './report.js';
import { elapsedSeconds, settings } from './settings.js';

export type Results = {
  rows: Row[];
  samples: Sample[];
  firstSight: Partial<Record<ServerKind, FirstSight>>;
  fills: Partial<Record<ServerKind, Fill>>;
  rssAfterLoad: Partial<Record<ServerKind, number>>;
  skipped: Record<string, string>;
  goals: Goal[];
};

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const ratio = (value: number, of: number | undefined) => (of ? `${(value / of).toFixed(2)}×` : '–');

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))),
  };
}

/** Writes results/latest.json and prints the table, (f), memory and the goals. */
export function report(results: Results): void {
  const host = machine();
  const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const json = { date: new Date().toISOString(), settings, machine: host, ...results };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);

  const lines = [
    `\nAssetra API bench — ${settings.quick ? 'quick' : 'full'} run, ${settings.rounds} interleaved rounds of ${settings.secondsPerWindow} s per server and workload, ${settings.connections} connections`,
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node}, load average ${host.loadAverageAtEnd.join(' ')}\n`,
    table(results.rows),
    '',
  ];
  const bare = results.rows.find((row) => row.server === 'bare' && row.workload === 'fresh');
  for (const [kind, f] of Object.entries(results.firstSight)) {
    lines.push(
      `(f) first sight on ${kind}: ${f.users}/${f.expected} users created from ${f.result.requests} requests (${f.result.non2xx} non-2xx); ${f.result.reqPerSec.toFixed(0)} req/s (${ratio(f.result.reqPerSec, bare?.reqPerSec)} of (a)), p50 ${f.result.p50Ms} ms, p99 ${f.result.p99Ms} ms, ${f.cpuUsPerRequest.toFixed(0)} µs CPU/request (CPU vs (a) ${ratio(bare?.cpuUsPerRequest ?? 0, f.cpuUsPerRequest)})`,
    );
  }
  for (const [kind, f] of Object.entries(results.fills)) {
    lines.push(
      `memory on ${kind}: RSS ${mb(f.rssAtStartBytes)} at start, ${mb(f.rssBeforeBytes)} after the load, ${mb(f.rssAfterBytes)} after ${f.count} distinct tokens (V8 heap in use ${mb(f.heapUsedAfterBytes)}); token cache ${f.tokenCache.size} entries / ${mb(f.tokenCache.bytes)}, account cache ${f.accountCache.users} users / ${f.accountCache.sessions} sessions`,
    );
  }
  const pglite = results.rssAfterLoad['app-pglite'];
  if (pglite !== undefined)
    lines.push(`memory on app-pglite: RSS ${mb(pglite)} after the load (PGlite's WASM heap)`);
  for (const [kind, reason] of Object.entries(results.skipped))
    lines.push(`skipped ${kind}: ${reason}`);
  // A server doing more than its bare route yet cheaper than it: noise, not a result.
  const disturbed = results.rows.filter((row) =>
    SERVED_AS_THE_API.includes(row.server)
      ? row.server !== 'bare-served' && (row.vsServed?.cpu ?? 0) > 1.05
      : row.server !== 'bare' && row.vsBare.cpu > 1.05,
  );
  if (disturbed.length > 0)
    lines.push(
      `note: ${disturbed.map((row) => `${row.label} (${row.workload})`).join(', ')} cheaper than its bare route, which does strictly less: other load hit the bare route's windows; rerun, or use more rounds`,
    );
  lines.push(
    '',
    goalLines(results.goals),
    '',
    `results: ${out} (${elapsedSeconds().toFixed(0)} s)`,
  );
  console.log(lines.join('\n'));
}
