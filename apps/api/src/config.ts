import { z } from 'zod';
import {
  compilesAsTrustProxy,
  smtpTransportRule,
  trustsEveryAddress,
  type TrustProxy,
} from './configChecks.js';

export type { TrustProxy } from './configChecks.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const DATABASE_URL = /^(mongodb(\+srv)?:\/\/|postgres(ql)?:\/\/|pglite:)/;

const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): TrustProxy => {
    if (value === undefined || value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const list = value.split(',').map((item) => item.trim());
    if (!compilesAsTrustProxy(list)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false, a hop count, or comma-separated addresses, subnets or names (loopback, linklocal, uniquelocal)',
      });
    }
    return list;
  });

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(DATABASE_URL, 'must be mongodb://, postgres://, pglite:memory or pglite:<dir>')
    .optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
    .optional(),
  CLERK_SECRET_KEY: z.string().min(1).optional(),
  CLERK_JWT_KEY: z
    .string()
    .regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'must be a PEM public key')
    .optional(),
  CLERK_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.clerk.com'),
  CLERK_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  CLERK_AUTHORIZED_PARTIES: list,
  CLERK_ALLOW_MISSING_AZP: bool(false),
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .startsWith('whsec_', 'must start with whsec_')
    .optional(),
  REVENUECAT_WEBHOOK_AUTH: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  CORS_ORIGINS: list,
  TRUST_PROXY: trustProxy,
  REQUIRE_HTTPS: z.enum(['true', 'false', '1', '0']).optional(),
  RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
  RATE_LIMIT_IP_MAX: positiveInt(300),
  RATE_LIMIT_USER_MAX: positiveInt(120),
  RATE_LIMIT_AUTH_MAX: positiveInt(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .refine((value) => URL.canParse(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  EMAIL_LINK_URL: z.url().optional(),
});

export type Config = {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  /** True when no database was configured and the in-memory default is used. */
  databaseDefaulted: boolean;
  clerk: {
    secretKey: string | undefined;
    jwtKey: string | undefined;
    apiUrl: string;
    issuer: string | undefined;
    authorizedParties: string[];
    allowMissingAzp: boolean;
  };
  webhooks: { clerkSigningSecret: string | undefined; revenueCatAuth: string | undefined };
  redisUrl: string | undefined;
  corsOrigins: string[];
  trustProxy: TrustProxy;
  requireHttps: boolean;
  rateLimit: { windowMs: number; ipMax: number; userMax: number; authMax: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  email: {
    smtpUrl: string | undefined;
    /** STARTTLS required on `smtp://` (production, not a loopback relay): see configChecks.ts. */
    requireTls: boolean;
    from: string;
    linkUrl: string | undefined;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment (the only place that reads it). Collects every problem, naming
 * the variable and never its value, so a secret cannot leak into a crash log.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const requireHttps =
    e.REQUIRE_HTTPS === undefined ? production : ['true', '1'].includes(e.REQUIRE_HTTPS);
  const problems: string[] = [];
  if (e.DATABASE_URL && e.MONGODB_URI)
    problems.push('MONGODB_URI: set either DATABASE_URL or MONGODB_URI, not both');
  if (production) {
    if (!e.DATABASE_URL && !e.MONGODB_URI)
      problems.push('DATABASE_URL: required in production (or MONGODB_URI)');
    if (!e.CLERK_SECRET_KEY) problems.push('CLERK_SECRET_KEY: required in production');
    if (!e.CLERK_ISSUER) problems.push('CLERK_ISSUER: required in production');
    if (trustsEveryAddress(e.TRUST_PROXY)) {
      problems.push(
        "TRUST_PROXY: trusting every address makes X-Forwarded-For spoofable; give a hop count or the proxies' subnets",
      );
    }
    if (requireHttps && e.TRUST_PROXY === false) {
      problems.push(
        'REQUIRE_HTTPS: with TRUST_PROXY=false the API never sees HTTPS behind a TLS-terminating proxy',
      );
    }
    if (e.SMTP_URL && !e.EMAIL_FROM)
      problems.push('EMAIL_FROM: required with SMTP_URL in production');
  }
  if (e.SMTP_URL && !e.EMAIL_LINK_URL) problems.push('EMAIL_LINK_URL: required with SMTP_URL');
  const smtp = e.SMTP_URL === undefined ? undefined : smtpTransportRule(e.SMTP_URL, production);
  if (smtp?.problem) problems.push(smtp.problem);
  if (problems.length > 0) throw new ConfigError(problems);

  const databaseUrl = e.DATABASE_URL ?? e.MONGODB_URI;
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: databaseUrl ?? 'pglite:memory',
    databaseDefaulted: databaseUrl === undefined,
    clerk: {
      secretKey: e.CLERK_SECRET_KEY,
      jwtKey: e.CLERK_JWT_KEY,
      apiUrl: e.CLERK_API_URL,
      issuer: e.CLERK_ISSUER,
      authorizedParties: e.CLERK_AUTHORIZED_PARTIES,
      allowMissingAzp: e.CLERK_ALLOW_MISSING_AZP,
    },
    webhooks: {
      clerkSigningSecret: e.CLERK_WEBHOOK_SIGNING_SECRET,
      revenueCatAuth: e.REVENUECAT_WEBHOOK_AUTH,
    },
    redisUrl: e.REDIS_URL,
    corsOrigins: e.CORS_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    requireHttps,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      ipMax: e.RATE_LIMIT_IP_MAX,
      userMax: e.RATE_LIMIT_USER_MAX,
      authMax: e.RATE_LIMIT_AUTH_MAX,
    },
    logLevel: e.LOG_LEVEL,
    email: {
      smtpUrl: e.SMTP_URL,
      requireTls: smtp?.requireTls ?? false,
      from: e.EMAIL_FROM ?? 'Assetra <no-reply@localhost>',
      linkUrl: e.EMAIL_LINK_URL,
    },
  };
}
