import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino removes from every line. Tokens, cookies, webhook signatures and secrets never
 * reach a log; requests are logged by route pattern, never by URL (see middleware/loggedPath.ts).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["svix-signature"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'token',
  'secret',
  'password',
];

/** Longest a line waits in the stdout buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 1000;

type BufferedDestination = DestinationStream & { flush(): void; flushSync(): void };

/** One per `dest`, however many loggers write to it: one buffer, one file descriptor. */
const destinations = new Map<number | string, BufferedDestination>();

/** One timer and one `exit` listener for all of them, installed with the first. */
function flushAllPeriodicallyAndAtExit() {
  setInterval(() => {
    for (const destination of destinations.values()) destination.flush();
  }, LOG_FLUSH_INTERVAL_MS).unref();
  process.once('exit', () => {
    for (const destination of destinations.values()) {
      try {
        destination.flushSync();
      } catch {
        // Closed or gone (EPIPE): nothing left to write to.
      }
    }
  });
}

/**
 * stdout (or `dest`) through pino's own destination (sonic-boom), buffered: lines are written
 * in batches of at least 4 KiB (one write(2) for ~15 requests instead of one each), at the
 * latest every LOG_FLUSH_INTERVAL_MS. Writes stay synchronous, so nothing is ever in flight:
 * when the process exits — `process.exit`, an uncaught exception — the rest is written before
 * it ends. Only a SIGKILL can lose the last second of lines.
 */
export function bufferedDestination(dest: number | string = 1): BufferedDestination {
  const existing = destinations.get(dest);
  if (existing) return existing;
  const destination = pino.destination({ dest, sync: true, minLength: 4096 });
  if (destinations.size === 0) flushAllPeriodicallyAndAtExit();
  destinations.set(dest, destination);
  return destination;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, remove: true }, base: { service: 'assetra-api' } },
    destination ?? bufferedDestination(),
  );
}
