import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://api:hunter2@db.internal:5432/assetra',
  CLERK_SECRET_KEY: 'sk_live_secretvalue',
  CLERK_ISSUER: 'https://clerk.assetra.app',
  TRUST_PROXY: '1',
};

const LINK = 'https://assetra.app/email-link';

/** server.ts as the process entry, until it exits (it must: the configuration is bad). */
async function runServer(env: NodeJS.ProcessEnv) {
  const server = resolve(import.meta.dirname, '../../src/server.ts');
  const tsx = resolve(import.meta.dirname, '../../../../node_modules/.bin/tsx');
  return promisify(execFile)(tsx, ['--conditions=@assetra/source', server], { env }).then(
    () => ({ code: 0, stderr: '', stdout: '' }),
    (error: unknown) => error as { code: number; stderr: string; stdout: string },
  );
}

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

  it.each([
    'true',
    '0.0.0.0/0',
    '::/0',
    'loopback, 0.0.0.0/0',
    '10.0.0.0/8,::/0',
    '::ffff:0:0/96',
    '0.0.0.0/1,128.0.0.0/1',
  ])('refuses TRUST_PROXY=%s in production: it trusts every address', (value) => {
    expect(problemsOf({ ...PRODUCTION, TRUST_PROXY: value })).toEqual([
      expect.stringMatching(/^TRUST_PROXY:/),
    ]);
  });

  it.each([
    '2',
    'loopback',
    'loopback, linklocal, uniquelocal',
    '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7',
    '173.245.48.0/20,2400:cb00::/32',
  ])('accepts TRUST_PROXY=%s in production', (value) => {
    expect(problemsOf({ ...PRODUCTION, TRUST_PROXY: value })).toEqual([]);
  });

  it.each(['proxy.internal', '10.0.0.0/33', '10.0.0.1,', '10.0.0.0/8;192.168.0.0/16'])(
    'refuses an unparseable TRUST_PROXY=%s in every environment, naming it',
    (value) => {
      expect(problemsOf({ TRUST_PROXY: value })).toEqual([expect.stringMatching(/^TRUST_PROXY:/)]);
      expect(problemsOf({ ...PRODUCTION, TRUST_PROXY: value })).toEqual([
        expect.stringMatching(/^TRUST_PROXY:/),
      ]);
    },
  );

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

  it('requires STARTTLS for smtp:// in production, except to a loopback relay', () => {
    const mail = { EMAIL_FROM: 'Assetra <no-reply@assetra.app>', EMAIL_LINK_URL: LINK };
    const withSmtp = (env: Record<string, string>, url: string) =>
      loadConfig({ ...env, ...mail, SMTP_URL: url }).email.requireTls;

    expect(withSmtp(PRODUCTION, 'smtp://mailer:pw@smtp.example.com:587')).toBe(true);
    expect(withSmtp(PRODUCTION, 'smtp://mailer:pw@smtp.example.com:587?requireTLS=true')).toBe(
      true,
    );
    expect(withSmtp(PRODUCTION, 'smtp://127.0.0.1:25')).toBe(false);
    expect(withSmtp(PRODUCTION, 'smtp://localhost:25')).toBe(false);
    expect(withSmtp(PRODUCTION, 'smtp://[::1]:25')).toBe(false);
    expect(withSmtp({}, 'smtp://smtp.example.com:587')).toBe(false);
  });

  it.each([
    'requireTLS=false',
    'ignoreTLS=true',
    'tls.rejectUnauthorized=false',
    'service=gmail',
    'requireTLS=true&requireTLS=false',
  ])('refuses an SMTP_URL with %s in production, without printing it', (query) => {
    const env = {
      ...PRODUCTION,
      EMAIL_FROM: 'Assetra <no-reply@assetra.app>',
      EMAIL_LINK_URL: LINK,
      SMTP_URL: `smtps://mailer:smtp-hunter2@smtp.example.com:465?${query}`,
    };

    const problems = problemsOf(env);

    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL:/)]);
    expect(problems.join('\n')).not.toContain('smtp-hunter2');
    expect(problemsOf({ ...env, NODE_ENV: 'test' })).toEqual([]);
  });

  it('exits with a configuration error, not a stack trace, for an unparseable TRUST_PROXY', async () => {
    const failure = await runServer({ PATH: process.env.PATH, TRUST_PROXY: '10.0.0.0/33' });

    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^ {2}- TRUST_PROXY: /m);
    expect(failure.stderr).not.toMatch(/^\s+at /m);
    expect(failure.stdout).not.toMatch(/listening/);
  });

  it('exits non-zero before listening, naming the bad variables and no secret', async () => {
    const failure = await runServer({
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      CLERK_SECRET_KEY: 'sk_live_dontprintme',
      TRUST_PROXY: 'true',
    });

    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/DATABASE_URL/);
    expect(failure.stderr).toMatch(/CLERK_ISSUER/);
    expect(failure.stderr).toMatch(/TRUST_PROXY/);
    expect(failure.stderr + failure.stdout).not.toMatch(/dontprintme/);
    expect(failure.stdout).not.toMatch(/listening/);
  });
});
