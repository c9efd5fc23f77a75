/** `--quick`, and `--name=value` flags for a narrower run: `--only=auth --rounds=5 --seconds=2`. */
const flag = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = process.argv.includes('--quick');
const numberFlag = (name: string, fallback: number) => Number(flag(name) ?? fallback);

export const settings = {
  quick,
  /** Servers to run besides (a): `--only=auth,app-postgres`. */
  only: flag('only')?.split(','),
  rounds: numberFlag('rounds', quick ? 2 : 5),
  secondsPerWindow: numberFlag('seconds', quick ? 1 : 2),
  warmupSeconds: 1,
  /** Unmeasured load on an (e) server right before its window: longer than the account cache's TTL. */
  settleSeconds: 2.5,
  connections: 50,
  poolUsers: 1000,
  /** As Clerk's: a new 60 s token every 60 s (earlier only if a window would outlive it). */
  remintAfterSeconds: 60,
  firstSights: numberFlag('first-sights', quick ? 1000 : 10_000),
  /** PGlite, the development store, provisions ~5× slower than PostgreSQL. */
  firstSightsOnPGlite: 1000,
  fillTokens: numberFlag('fill', 1_000_000),
  /** Offered load in req/s for every server; unset: closed loop, as fast as each answers. */
  rate: flag('rate') === undefined ? undefined : Number(flag('rate')),
  /** The (b) and (e) servers' account-cache TTL; unset: production's default. */
  accountTtlMs: flag('account-ttl'),
};

const started = Date.now();
export const elapsedSeconds = () => (Date.now() - started) / 1000;

export function log(line: string) {
  process.stderr.write(`[${elapsedSeconds().toFixed(0).padStart(3)} s] ${line}\n`);
}
