import { openPGliteStore } from './pglite/index.js';
import type { Store } from './port.js';
import { openPostgresStore } from './postgres/index.js';
import type { StoreLogger } from './sql/sqlStore.js';

export type { StoreLogger } from './sql/sqlStore.js';
export type OpenStoreOptions = {
  logger?: StoreLogger | undefined;
  /** For `pglite:memory` only: the data directory to start from (see `PGliteStoreOptions`). */
  pgliteSnapshot?: Blob | undefined;
};

const acceptedForms =
  'mongodb://…, mongodb+srv://…, postgres://…, postgresql://…, pglite:memory or pglite:<dir>';

/**
 * The store `DATABASE_URL` names, by scheme. MongoDB is loaded on demand, so a SQL deployment
 * never loads mongoose. Throws, without echoing the URL (it may hold a password), on any
 * other form. Never waits for the database: see each adapter.
 */
export function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> | Store {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'mongodb':
    case 'mongodb+srv':
      return import('./mongo/mongoStore.js').then(({ openMongoStore }) =>
        openMongoStore(databaseUrl, options),
      );
    case 'postgres':
    case 'postgresql':
      return openPostgresStore(databaseUrl, options);
    case 'pglite': {
      const target = databaseUrl.slice('pglite:'.length);
      if (target === 'memory') {
        return openPGliteStore('memory', {
          logger: options.logger,
          snapshot: options.pgliteSnapshot,
        });
      }
      if (target !== '') return openPGliteStore({ dir: target }, { logger: options.logger });
      throw new Error(`DATABASE_URL pglite: needs a target; expected ${acceptedForms}`);
    }
    default:
      throw new Error(
        `DATABASE_URL has ${scheme === undefined ? 'no scheme' : `an unsupported scheme "${scheme}"`}; expected ${acceptedForms}`,
      );
  }
}

/**
 * What of a connection string may be logged: scheme, host(s), port(s) and database, nothing
 * else. Credentials live in the userinfo and in parameters (`password`, `sslpassword`,
 * `tlsCertificateKeyFilePassword`, `authMechanismProperties=AWS_SESSION_TOKEN:…`, and whatever
 * a driver adds next), so both are dropped rather than listed. The userinfo ends at the last
 * `@`, which also hides a password holding an unencoded `/`; when a `?` or `#` comes before
 * that `@`, a parameter or the password is ambiguous, and only the scheme is kept.
 */
export function connectionTarget(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  if (scheme === undefined) return '(no scheme)';
  // pglite:memory and pglite:<dir> name a place on this machine, never a credential.
  if (scheme.toLowerCase() === 'pglite') return url;
  const rest = url.slice(scheme.length + 1);
  if (!rest.startsWith('//')) return `${scheme}:`;
  const afterSlashes = rest.slice(2);
  const at = afterSlashes.lastIndexOf('@');
  const userinfo = afterSlashes.slice(0, Math.max(at, 0));
  if (/[?#]/.test(userinfo)) return `${scheme}://`;
  const [, hosts = '', database = ''] =
    /^([^/?#]*)(\/[^?#]*)?/.exec(afterSlashes.slice(at + 1)) ?? [];
  return `${scheme}://${hosts}${database}`;
}
