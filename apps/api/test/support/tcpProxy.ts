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
  restore(): void;
  close(): Promise<void>;
};

/**
 * A loopback TCP proxy to `127.0.0.1:targetPort` that a test can cut and restore, to prove
 * that code survives its database (or Redis) going away and coming back.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let cut = false;
  let stalled = false;

  const relay = ([down, up]: [net.Socket, net.Socket]) => {
    down.pipe(up).pipe(down);
  };
  // Paused and unpiped, a socket reads nothing, so its FIN waits with its bytes.
  const hold = ([down, up]: [net.Socket, net.Socket]) => {
    down.unpipe(up);
    up.unpipe(down);
    down.pause();
    up.pause();
  };

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Errors are expected here (resets on both sides); the 'close' that follows cleans up.
    socket.on('error', () => undefined);
  };

  const server = net.createServer((downstream) => {
    track(downstream);
    if (cut) {
      downstream.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    const pair: [net.Socket, net.Socket] = [downstream, upstream];
    pairs.add(pair);
    if (stalled) hold(pair);
    else relay(pair);
    upstream.once('close', () => downstream.destroy());
    downstream.once('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
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
    for (const socket of sockets) socket.resetAndDestroy();
  };

  return {
    port: address.port,
    cut() {
      cut = true;
      resetAll();
    },
    stall() {
      stalled = true;
      for (const pair of pairs) hold(pair);
    },
    restore() {
      cut = false;
      if (stalled) {
        stalled = false;
        for (const pair of pairs) relay(pair);
      }
    },
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
