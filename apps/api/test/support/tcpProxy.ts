import net from 'node:net';

export type TcpProxy = {
  /** The loopback port to connect to instead of the target's. */
  port: number;
  /** Simulates an outage: resets every live connection and every new one until `restore()`. */
  cut(): void;
  /**
   * Simulates a stall: connections stay open, but nothing (bytes, FIN) passes either way until
   * `restore()`, which delivers what was held. Clients see a peer that stopped answering.
   */
  stall(): void;
  /** Ends a cut or a stall (a stall's held bytes are delivered). */
  restore(): void;
  /**
   * Holds every byte in both directions, of live and new connections, without closing any:
   * a partition that drops packets (TCP delivers them once it heals) or a pooler holding a
   * statement. `release()` delivers them.
   */
  freeze(): void;
  /**
   * Forwards until a client-to-server chunk contains `marker` (e.g. a statement's text), then
   * freezes with that chunk held. Resolves once that happened.
   */
  freezeAt(marker: string): Promise<void>;
  /** Delivers everything held, in the order it arrived, and forwards again. */
  release(): void;
  /** Bytes held right now (0: everything sent so far has been delivered). */
  held(): number;
  close(): Promise<void>;
};

/** What a frozen proxy holds, in order: bytes, and the other side's FIN or close after them. */
type Held = { to: net.Socket; chunk: Buffer } | { to: net.Socket; close: 'end' | 'destroy' };

/**
 * A loopback TCP proxy to `127.0.0.1:targetPort` that a test can cut and restore, or freeze
 * and release, to prove that code survives its database (or Redis) going away, or stalling and
 * delivering late, and coming back.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let cut = false;
  let frozen = false;
  let held: Held[] = [];
  let trap: { marker: Buffer; sprung: () => void } | undefined;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Errors are expected here (resets on both sides); the 'close' that follows cleans up.
    socket.on('error', () => undefined);
  };

  const deliver = (item: Held) => {
    if (item.to.destroyed) return;
    if ('chunk' in item) item.to.write(item.chunk);
    else if (item.close === 'end') item.to.end();
    else item.to.destroy();
  };
  const pass = (item: Held) => {
    if (frozen) held.push(item);
    else deliver(item);
  };

  // A connection closed while frozen is closed on the other side only after what it sent
  // before: a statement followed by a client's Terminate still arrives, as over a real network.
  const forward = (from: net.Socket, to: net.Socket, upstream: boolean) => {
    from.on('data', (chunk: Buffer) => {
      if (!frozen && upstream && trap && chunk.includes(trap.marker)) {
        frozen = true;
        trap.sprung();
        trap = undefined;
      }
      pass({ to, chunk });
    });
    from.once('end', () => {
      pass({ to, close: 'end' });
    });
    from.once('close', () => {
      pass({ to, close: 'destroy' });
    });
  };

  // Half-open allowed on both sides: a FIN passes (or is held) like any byte, never answered
  // by the proxy itself, so a frozen link holds a client's close too.
  const server = net.createServer({ allowHalfOpen: true }, (downstream) => {
    track(downstream);
    if (cut) {
      downstream.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    track(upstream);
    forward(downstream, upstream, true);
    forward(upstream, downstream, false);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port');

  const resetAll = () => {
    held = [];
    for (const socket of sockets) socket.resetAndDestroy();
  };

  const release = () => {
    frozen = false;
    trap = undefined;
    const delivering = held;
    held = [];
    for (const item of delivering) deliver(item);
  };

  return {
    port: address.port,
    cut() {
      cut = true;
      resetAll();
    },
    stall() {
      frozen = true;
    },
    restore() {
      cut = false;
      if (frozen) release();
    },
    freeze() {
      frozen = true;
    },
    freezeAt(marker) {
      return new Promise((resolve) => {
        trap = { marker: Buffer.from(marker), sprung: resolve };
      });
    },
    release,
    held: () => held.reduce((bytes, item) => bytes + ('chunk' in item ? item.chunk.length : 0), 0),
    close() {
      resetAll();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
