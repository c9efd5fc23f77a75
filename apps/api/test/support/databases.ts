import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Services a test file may need; CI must provide PostgreSQL and Redis, MongoDB is optional. */
export type TestService = 'PostgreSQL' | 'Redis' | 'MongoDB';

/** The PostgreSQL server tests use: `TEST_DATABASE_URL`, else the local trust-auth server. */
export function postgresUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The MongoDB tests use, if any: never required, as no mongod can be installed here. */
export function mongoUri(): string | undefined {
  return process.env.MONGODB_URI;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an unparsable URL';
  }
}

async function withAdminClient<T>(
  work: (client: pg.Client) => Promise<T>,
  connectionTimeoutMillis = 5_000,
): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis });
  client.on('error', () => undefined); // a failing query rejects anyway; do not crash the worker
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the test PostgreSQL server answers within a second. */
export async function postgresReachable(): Promise<boolean> {
  try {
    await withAdminClient((client) => client.query('select 1'), 1_000);
    return true;
  } catch {
    return false;
  }
}

/** Drops a database, disconnecting whoever is still connected. */
export async function dropPostgresDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`drop database if exists "${name}" with (force)`));
}

/**
 * A fresh, uniquely named database on the test server, so test files running in parallel
 * never share tables: empty, or a copy of `template` (see globalSetup.ts for the migrated
 * one). `drop()` removes it, disconnecting whoever is still connected.
 */
export async function createPostgresDatabase(
  options: { template?: string | undefined } = {},
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `assetra_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const copy = options.template === undefined ? '' : ` template "${options.template}"`;
  await withAdminClient((client) => client.query(`create database "${name}"${copy}`));
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropPostgresDatabase(name) };
}

function missingServiceMessage(name: TestService): string {
  switch (name) {
    case 'PostgreSQL':
      return `no server at ${hostOf(postgresUrl())} (start it, or set TEST_DATABASE_URL)`;
    case 'Redis':
      return `no server at ${hostOf(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')} (start it, or set TEST_REDIS_URL)`;
    case 'MongoDB':
      return 'MONGODB_URI is not set or its server does not answer (no mongod can run on this machine)';
  }
}

/**
 * Whether to run the tests that need `name`. When it is unreachable: prints one plain
 * `[skip]` line and returns false, except that with `CI=true` a missing PostgreSQL or Redis
 * throws, because in CI they are part of the build, so their absence is a failure.
 */
export function requireOrSkip(name: TestService, reachable: boolean): boolean {
  if (reachable) return true;
  const message = `${name} tests: ${missingServiceMessage(name)}`;
  if (process.env.CI === 'true' && name !== 'MongoDB') {
    throw new Error(`${message}; CI=true requires ${name}`);
  }
  console.warn(`[skip] ${message}`);
  return false;
}
