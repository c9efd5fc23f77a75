import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { AccountFeedClosedError, type AccountChangeHandlers, type AccountFeed } from '../port.js';

/** The channel the triggers of drizzle/0003_account_feed.sql announce changes on. */
export const ACCOUNT_CHANNEL = 'assetra_account';

/** A feed and what releases it (the store closes its feeds before its driver). */
export type WatchedFeed = { feed: AccountFeed; close(): Promise<void> };
/** How an adapter starts a feed; `ready` resolves once the migrations (the triggers) are in. */
export type Watch = (handlers: AccountChangeHandlers, ready: () => Promise<void>) => WatchedFeed;

/** Passes a trigger's payload on; anything else on the channel is not ours and is ignored. */
export function deliverChange(handlers: AccountChangeHandlers, payload: string): void {
  if (payload === '*') handlers.changed({ kind: 'all' });
  else if (payload.startsWith('u:'))
    handlers.changed({ kind: 'user', clerkUserId: payload.slice(2) });
  else if (payload.startsWith('s:'))
    handlers.changed({ kind: 'session', sessionId: payload.slice(2) });
}

type Waiter = { resolve(): void; reject(error: Error): void; timer: NodeJS.Timeout };

const noop = () => undefined;
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** Runs one statement on the feed's connection. */
type Query = (text: string, params: unknown[]) => Promise<unknown>;

/**
 * A sync sends a marker through a channel only this feed listens on, and waits for it to come
 * back. NOTIFY delivers in commit order across channels, so when the marker arrives, every
 * change committed before it was sent has been delivered.
 */
export function createSyncMarkers() {
  // Lower case: LISTEN folds an unquoted name.
  const channel = `assetra_sync_${randomBytes(8).toString('hex')}`;
  let next = 0;
  const waiting = new Map<string, Waiter>();
  const settle = (marker: string) => {
    const waiter = waiting.get(marker);
    if (!waiter) return undefined;
    waiting.delete(marker);
    clearTimeout(waiter.timer);
    return waiter;
  };
  return {
    channel,
    /**
     * Sends a marker with `query`; settles when it arrives, or fails when sending fails or
     * `timeoutMs` passes — then `onLost` runs: the connection is not to be trusted.
     */
    send(timeoutMs: number, query: Query, onLost: () => void): Promise<void> {
      const marker = String(++next);
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(marker)?.reject(new Error(`account feed did not sync within ${timeoutMs} ms`));
          onLost();
        }, timeoutMs);
        timer.unref();
        waiting.set(marker, { resolve, reject, timer });
      });
      query('select pg_notify($1, $2)', [channel, marker]).catch((error: unknown) => {
        settle(marker)?.reject(asError(error));
        onLost();
      });
      return done;
    },
    arrived: (marker: string) => settle(marker)?.resolve(),
    failAll(error: Error) {
      for (const marker of [...waiting.keys()]) settle(marker)?.reject(error);
    },
  };
}

/**
 * PGlite's feed: its one in-process connection both writes and listens, so it is never
 * interrupted. It starts listening on the first sync after the migrations are in.
 */
export const watchPGlite =
  (client: PGlite): Watch =>
  (handlers, ready) => {
    const markers = createSyncMarkers();
    let listening: Promise<(() => Promise<void>)[]> | undefined;
    let listeningNow = false;
    let closed = false;

    const listen = () =>
      ready()
        .then(() =>
          Promise.all([
            client.listen(ACCOUNT_CHANNEL, (payload) => {
              deliverChange(handlers, payload);
            }),
            client.listen(markers.channel, (marker) => {
              markers.arrived(marker);
            }),
          ]),
        )
        .then((unlisten) => {
          listeningNow = true;
          return unlisten;
        });

    return {
      feed: {
        sync(timeoutMs) {
          if (closed) return Promise.reject(new AccountFeedClosedError());
          if (!listeningNow) {
            listening ??= listen().catch((error: unknown) => {
              listening = undefined; // the next sync tries again
              throw error;
            });
            listening.catch(() => undefined);
            return Promise.reject(new Error('account feed not listening yet'));
          }
          // Nothing to reconnect: the one connection is the database itself.
          return markers.send(timeoutMs, (text, params) => client.query(text, params), noop);
        },
      },
      async close() {
        closed = true;
        markers.failAll(new AccountFeedClosedError());
        const unlisten = await listening?.catch(() => []);
        await Promise.all((unlisten ?? []).map((stop) => stop().catch(() => undefined)));
      },
    };
  };
