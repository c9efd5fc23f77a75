import net from 'node:net';

export type TcpProxy = {
  /** The loopback port to connect to instead of the target's. */
  port: number;
  /** Simulates an outage: resets every live connection and every new one until `restore()`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
};

/**
 * A loopback TCP proxy to `127.0.0.1:targetPort` that a test can cut and restore, to prove
 * that code survives its database (or Redis) going away and coming back.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let cut = false;

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
    downstream.pipe(upstream).pipe(downstream);
    upstream.once('close', () => downstream.destroy());
    downstream.once('close', () => upstream.destroy());
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
    restore() {
      cut = false;
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
