import { pino, type Logger } from 'pino';

/**
 * Paths pino removes from every line. Tokens, cookies, webhook signatures and secrets never
 * reach a log; URLs are logged without their query string (see middleware/requestLog.ts).
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

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, remove: true }, base: { service: 'assetra-api' } },
    destination ?? process.stdout,
  );
}
