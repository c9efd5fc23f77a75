import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://api:hunter2@db.internal:5432/assetra',
  CLERK_SECRET_KEY: 'sk_live_secretvalue',
  CLERK_ISSUER: 'https://clerk.assetra.app',
  TRUST_PROXY: '1',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts outside production with nothing set, on an in-memory database', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: 'pglite:memory',
      databaseDefaulted: true,
      requireHttps: false,
    });
    expect(config.rateLimit).toEqual({ windowMs: 60_000, ipMax: 300, userMax: 120, authMax: 20 });
  });

  it('accepts a complete production configuration and turns HTTPS on', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({
      production: true,
      requireHttps: true,
      trustProxy: 1,
    });
  });

  it('names every missing production variable at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });

    expect(problems.map((problem) => problem.split(':')[0])).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'CLERK_SECRET_KEY', 'CLERK_ISSUER', 'REQUIRE_HTTPS']),
    );
  });

  it('refuses TRUST_PROXY=true in production', () => {
    expect(problemsOf({ ...PRODUCTION, TRUST_PROXY: 'true' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY:/),
    ]);
  });

  it('refuses REQUIRE_HTTPS with TRUST_PROXY=false in production', () => {
    expect(problemsOf({ ...PRODUCTION, TRUST_PROXY: 'false', REQUIRE_HTTPS: 'true' })).toEqual([
      expect.stringMatching(/^REQUIRE_HTTPS:/),
    ]);
  });

  it('refuses DATABASE_URL and MONGODB_URI together', () => {
    expect(
      problemsOf({ DATABASE_URL: 'pglite:memory', MONGODB_URI: 'mongodb://localhost/x' }),
    ).toEqual([expect.stringMatching(/^MONGODB_URI:/)]);
  });

  it('names each malformed variable without echoing its value', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:topsecret@db/x',
      CLERK_WEBHOOK_SIGNING_SECRET: 'plainsecretvalue',
      RATE_LIMIT_IP_MAX: '-1',
    });

    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'CLERK_WEBHOOK_SIGNING_SECRET',
      'DATABASE_URL',
      'PORT',
      'RATE_LIMIT_IP_MAX',
    ]);
    expect(problems.join('\n')).not.toMatch(/topsecret|plainsecretvalue/);
  });

  it('reads MONGODB_URI as the database when DATABASE_URL is absent', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1/assetra' }).databaseUrl).toBe(
      'mongodb://127.0.0.1/assetra',
    );
  });

  it('exits non-zero before listening, naming the bad variables and no secret', async () => {
    const server = resolve(import.meta.dirname, '../src/server.ts');
    const tsx = resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');

    const attempt = promisify(execFile)(tsx, ['--conditions=@assetra/source', server], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        CLERK_SECRET_KEY: 'sk_live_dontprintme',
        TRUST_PROXY: 'true',
      },
    });

    const failure = await attempt.then(
      () => ({ code: 0, stderr: '', stdout: '' }),
      (error: unknown) => error as { code: number; stderr: string; stdout: string },
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/DATABASE_URL/);
    expect(failure.stderr).toMatch(/CLERK_ISSUER/);
    expect(failure.stderr).toMatch(/TRUST_PROXY/);
    expect(failure.stderr + failure.stdout).not.toMatch(/dontprintme/);
    expect(failure.stdout).not.toMatch(/listening/);
  });
});
