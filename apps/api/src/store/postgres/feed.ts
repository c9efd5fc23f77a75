import pg from 'pg';
import { AccountFeedClosedError } from '../port.js';
import {
  ACCOUNT_CHANNEL,
  createSyncMarkers,
  deliverChange,
  type Watch,
} from '../sql/accountFeed.js';
import type { StoreLogger } from '../sql/sqlStore.js';

/**
 * The PostgreSQL server's feed: a connection of its own (a pooled one cannot hold a LISTEN).
 * A lost connection, or a sync that times out (a half-open socket looks alive), drops it and
 * reports `interrupted`; the next sync connects again. Nothing retries on a timer of its own.
 */
export const watchPostgres =
  (url: string, logger?: StoreLogger): Watch =>
  (handlers, ready) => {
    const markers = createSyncMarkers();
    let client: pg.Client | undefined;
    let connecting: Promise<void> | undefined;
    let closed = false;
    let failing = false;

    function drop(current: pg.Client, reason: string) {
      if (client !== current) return;
      client = undefined;
      markers.failAll(new Error(`account feed ${reason}`));
      handlers.interrupted();
      logger?.warn(
        { reason },
        'account feed lost; account caches rely on their TTL until it is back',
      );
      current.end().catch(() => undefined);
    }

    async function listen() {
      await ready();
      const candidate = new pg.Client({
        connectionString: url,
        keepAlive: true,
        connectionTimeoutMillis: 1_500,
        query_timeout: 2_000,
      });
      candidate.on('error', () => {
        drop(candidate, 'connection error');
      });
      candidate.on('end', () => {
        drop(candidate, 'connection ended');
      });
      candidate.on('notification', ({ channel, payload }) => {
        if (channel === markers.channel) markers.arrived(payload ?? '');
        else deliverChange(handlers, payload ?? '');
      });
      try {
        await candidate.connect();
        await candidate.query(`LISTEN ${ACCOUNT_CHANNEL}; LISTEN ${markers.channel}`);
      } catch (error) {
        await candidate.end().catch(() => undefined);
        throw error;
      }
      if (closed) await candidate.end();
      else client = candidate;
    }

    return {
      feed: {
        sync(timeoutMs) {
          if (closed) return Promise.reject(new AccountFeedClosedError());
          const current = client;
          if (!current) {
            connecting ??= listen()
              .then(() => {
                failing = false;
              })
              .catch((error: unknown) => {
                if (!failing) logger?.warn({ err: error }, 'account feed cannot listen; retrying');
                failing = true;
              })
              .finally(() => {
                connecting = undefined;
              });
            return Promise.reject(new Error('account feed not listening yet'));
          }
          // A failed or late sync, also on a connection that died before it was ours to
          // watch: drop it, and the next sync listens again.
          return markers.send(
            timeoutMs,
            (text, params) => current.query(text, params),
            () => {
              drop(current, 'sync failed or timed out');
            },
          );
        },
      },
      async close() {
        closed = true;
        markers.failAll(new AccountFeedClosedError());
        const current = client;
        client = undefined;
        await connecting;
        await current?.end().catch(() => undefined);
      },
    };
  };
