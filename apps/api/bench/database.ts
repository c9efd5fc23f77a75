import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type BenchDatabase = { url: string; drop(): Promise<void> };

/** The local trust-auth server of the platform notes, unless BENCH_POSTGRES_URL says otherwise. */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database for this run, dropped afterwards (with whoever is still connected). */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `assetra_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await admin((client) => client.query(`create database "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin((client) => client.query(`drop database if exists "${name}" with (force)`)).then(
        () => undefined,
      ),
  };
}
