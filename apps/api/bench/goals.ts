import type { FirstSight } from './phases.js';
import type { Fill, ServerKind } from './protocol.js';
import { goal, type Goal, type Row } from './report.js';

const RSS_LIMIT_BYTES = 200 * 2 ** 20;

/** The goals, judged on this run's medians. */
export function goalsOf(
  rows: Row[],
  firstSight: Partial<Record<ServerKind, FirstSight>>,
  fills: Partial<Record<ServerKind, Fill>>,
): Goal[] {
  const row = (server: ServerKind, workload: 'fresh' | 'repeated') =>
    rows.find((r) => r.server === server && r.workload === workload);
  const cpu = (server: ServerKind, workload: 'fresh' | 'repeated') =>
    row(server, workload)?.vsBare.cpu ?? null;
  const goals: Goal[] = [
    goal('(b) CPU vs (a), fresh tokens', '≥ 0.70×', cpu('auth', 'fresh'), (v) => v >= 0.7),
    goal('(b) CPU vs (a), repeated token', '≥ 0.90×', cpu('auth', 'repeated'), (v) => v >= 0.9),
  ];
  for (const server of ['app-pglite', 'app-postgres'] as const) {
    for (const workload of ['fresh', 'repeated'] as const) {
      goals.push(
        goal(
          `(e) ${server} CPU vs (a), ${workload}`,
          '≥ 0.50×',
          cpu(server, workload),
          (v) => v >= 0.5,
        ),
      );
      goals.push(
        goal(
          `(e) ${server} p99 vs (a) p99, ${workload}`,
          '≤ 2.00×',
          row(server, workload)?.vsBare.p99 ?? null,
          (v) => v <= 2,
        ),
      );
    }
  }
  for (const server of ['auth', 'app-postgres'] as const) {
    const fill = fills[server];
    goals.push(
      goal(
        `RSS of ${server} after ${fill?.count ?? 0} distinct tokens`,
        '< 200 MB',
        fill ? fill.rssAfterBytes : null,
        (v) => v < RSS_LIMIT_BYTES,
        (v) => `${(v / 2 ** 20).toFixed(0)} MB`,
      ),
    );
  }
  for (const [server, f] of Object.entries(firstSight)) {
    goals.push(
      goal(
        `(f) ${server}: ${f.expected} distinct first sights → users`,
        `exactly ${f.expected}, every answer 200`,
        f.users,
        (v) => v === f.expected && f.result.non2xx === 0 && f.result.errors === 0,
        (v) => `${v} (${f.result.non2xx} non-2xx, ${f.result.errors} errors)`,
      ),
    );
  }
  return goals;
}
