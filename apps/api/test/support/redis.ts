import { createClient } from 'redis';

/** The Redis server tests use: `TEST_REDIS_URL`, else the local one. */
export function redisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Whether the test Redis answers PING within a second. */
export async function redisReachable(): Promise<boolean> {
  const client = createClient({
    url: redisUrl(),
    socket: { connectTimeout: 1_000, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}
