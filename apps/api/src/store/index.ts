import { openPGliteStore } from './pglite.js';
import type { Store } from './port.js';
import { openPostgresStore } from './postgres.js';
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
 * The URL with any password replaced by `***`, for logs and error messages: the userinfo's
 * password and `password=` parameters. When the URL is ambiguous (an unencoded `@`), it
 * hides more rather than less.
 */
export function redactDatabaseUrl(url: string): string {
  const withoutParams = url.replace(/(^|[?&;\s])(password=)[^&;\s]*/gi, '$1$2***');
  const authority = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(withoutParams);
  if (!authority) return withoutParams;
  const [, prefix = '', rest = ''] = authority;
  // The last '@' ends the userinfo, even if an unencoded '/', '?' or '#' sits in the password.
  const at = rest.lastIndexOf('@');
  if (at < 0) return withoutParams;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return withoutParams;
  return `${prefix}${userinfo.slice(0, colon)}:***${rest.slice(at)}`;
}
