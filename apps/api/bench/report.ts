import { LABELS, SERVED_AS_THE_API, type ServerKind } from './protocol.js';

export type Workload = 'fresh' | 'repeated';

/** One measured window: a server, a workload, a round. */
export type Sample = {
  round: number;
  server: ServerKind;
  workload: Workload;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerRequest: number;
  requests: number;
  non2xx: number;
  errors: number;
};

export type Row = {
  server: ServerKind;
  label: string;
  workload: Workload;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerRequest: number;
  /** Each the median over rounds of this round's value ÷ (a)'s in the same round and workload. */
  vsBare: { reqPerSec: number; p50: number; p99: number; cpu: number };
  /**
   * For a server on the API's HTTP server: CPU and p99 against (a′), the bare route on that same
   * server, in the same round and workload; null for the others.
   */
  vsServed: { p99: number; cpu: number } | null;
  /** The lowest and highest round's CPU ratio: how far one round's answer can be trusted. */
  cpuSpread: [number, number];
  rounds: number;
  non2xx: number;
  errors: number;
};

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Medians per server and workload. The ratios pair each sample with (a)'s sample of the same
 * round and workload, measured seconds apart, so a machine whose load drifts during the run
 * shifts both sides of a ratio together. CPU ratio = (a)'s CPU per request ÷ this server's:
 * 1.00× is as cheap as the bare route, 0.50× costs twice as much. Servers on the API's HTTP
 * server are also paired with (a′), the bare route on that server.
 */
export function summarize(samples: Sample[], servers: ServerKind[]): Row[] {
  const rows: Row[] = [];
  const against = (mine: Sample[], reference: ServerKind) =>
    mine.flatMap((s) => {
      const bare = samples.find(
        (b) => b.server === reference && b.workload === s.workload && b.round === s.round,
      );
      return bare
        ? [
            {
              reqPerSec: s.reqPerSec / bare.reqPerSec,
              p50: s.p50Ms / bare.p50Ms,
              p99: s.p99Ms / bare.p99Ms,
              cpu: bare.cpuUsPerRequest / s.cpuUsPerRequest,
            },
          ]
        : [];
    });
  for (const server of servers) {
    for (const workload of ['fresh', 'repeated'] as const) {
      const mine = samples.filter((s) => s.server === server && s.workload === workload);
      if (mine.length === 0) continue;
      const ratios = against(mine, 'bare');
      const served = SERVED_AS_THE_API.includes(server) ? against(mine, 'bare-served') : [];
      const pick = (key: keyof Row['vsBare']) => median(ratios.map((r) => r[key]));
      rows.push({
        server,
        label: LABELS[server],
        workload,
        reqPerSec: median(mine.map((s) => s.reqPerSec)),
        p50Ms: median(mine.map((s) => s.p50Ms)),
        p99Ms: median(mine.map((s) => s.p99Ms)),
        cpuUsPerRequest: median(mine.map((s) => s.cpuUsPerRequest)),
        vsBare: {
          reqPerSec: pick('reqPerSec'),
          p50: pick('p50'),
          p99: pick('p99'),
          cpu: pick('cpu'),
        },
        vsServed:
          served.length > 0
            ? {
                p99: median(served.map((r) => r.p99)),
                cpu: median(served.map((r) => r.cpu)),
              }
            : null,
        cpuSpread: [Math.min(...ratios.map((r) => r.cpu)), Math.max(...ratios.map((r) => r.cpu))],
        rounds: mine.length,
        non2xx: mine.reduce((sum, s) => sum + s.non2xx, 0),
        errors: mine.reduce((sum, s) => sum + s.errors, 0),
      });
    }
  }
  return rows;
}

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '–';
const times = (value: number) => `${fixed(value, 2)}×`;
const spread = ([low, high]: [number, number]) => `${fixed(low, 2)}–${times(high)}`;

/** A Markdown table (it goes into the README as printed). */
export function table(rows: Row[]): string {
  const lines = [
    '| server | tokens | req/s | ×(a) | p50 ms | ×(a) | p99 ms | ×(a) | CPU µs/req | CPU vs (a) | CPU range over rounds | CPU, p99 vs (a′) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.label} | ${row.workload} | ${fixed(row.reqPerSec, 0)} | ${times(row.vsBare.reqPerSec)} | ${fixed(row.p50Ms, 1)} | ${times(row.vsBare.p50)} | ${fixed(row.p99Ms, 1)} | ${times(row.vsBare.p99)} | ${fixed(row.cpuUsPerRequest, 0)} | ${times(row.vsBare.cpu)} | ${spread(row.cpuSpread)} | ${row.vsServed ? `${times(row.vsServed.cpu)}, ${times(row.vsServed.p99)}` : '–'} |`,
    );
  }
  return lines.join('\n');
}

export type Goal = { goal: string; target: string; measured: string; met: boolean | null };

export function goal(
  name: string,
  target: string,
  measured: number | null,
  met: (v: number) => boolean,
  format = times,
): Goal {
  return measured === null || !Number.isFinite(measured)
    ? { goal: name, target, measured: 'not measured', met: null }
    : { goal: name, target, measured: format(measured), met: met(measured) };
}

export function goalLines(goals: Goal[]): string {
  return goals
    .map(
      (g) =>
        `${g.met === null ? 'SKIP' : g.met ? 'MET ' : 'MISS'}  ${g.goal}: ${g.measured} (goal ${g.target})`,
    )
    .join('\n');
}
