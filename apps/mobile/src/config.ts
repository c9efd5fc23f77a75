import { z } from 'zod';

/**
 * The app's configuration, parsed once from `EXPO_PUBLIC_*` variables. These values are inlined
 * into the JavaScript bundle and readable by anyone holding the app, so none of them may be a
 * secret: a Clerk secret key or a RevenueCat secret key is refused here.
 */
export type AppConfig = {
  /** Clerk publishable key (`pk_test_…` / `pk_live_…`). */
  clerkPublishableKey: string;
  /** Base URL of the Assetra API; always HTTPS in a production build. */
  apiBaseUrl: string;
  /** RevenueCat public SDK key (`appl_…`, `goog_…`); null disables purchases. */
  revenueCatApiKey: string | null;
  isProduction: boolean;
};

export type ConfigResult =
  { ok: true; config: AppConfig } | { ok: false; problems: readonly string[] };

export type RawEnv = {
  EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY?: string | undefined;
  EXPO_PUBLIC_API_URL?: string | undefined;
  EXPO_PUBLIC_REVENUECAT_API_KEY?: string | undefined;
};

export const DEVELOPMENT_API_URL = 'http://localhost:3000';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

/** Thrown when a production build is given an API base URL that is not HTTPS. */
export class InsecureApiUrlError extends Error {
  constructor() {
    super('A production build only talks to an https:// API base URL');
    this.name = 'InsecureApiUrlError';
  }
}

/** The single place that decides whether an API base URL is acceptable. */
export function assertApiBaseUrl(url: string, isProduction: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('EXPO_PUBLIC_API_URL is not a URL');
  }
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && !isProduction) return;
  if (parsed.protocol === 'http:') throw new InsecureApiUrlError();
  throw new Error('EXPO_PUBLIC_API_URL must be an http(s) URL');
}

function looksSecret(value: string): boolean {
  return /^(sk|rk)_/.test(value) || value.startsWith('whsec_');
}

export function parseConfig(env: RawEnv, isProduction: boolean): ConfigResult {
  const problems: string[] = [];
  const raw = z
    .object({
      EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString,
      EXPO_PUBLIC_API_URL: optionalString,
      EXPO_PUBLIC_REVENUECAT_API_KEY: optionalString,
    })
    .parse(env);

  const clerkKey = raw.EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY;
  if (clerkKey === undefined) {
    problems.push('EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY is not set');
  } else if (looksSecret(clerkKey)) {
    problems.push('EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY holds a secret key; use the publishable key');
  } else if (!/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/.test(clerkKey)) {
    problems.push('EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY is not a Clerk publishable key (pk_…)');
  }

  const apiBaseUrl = raw.EXPO_PUBLIC_API_URL ?? (isProduction ? undefined : DEVELOPMENT_API_URL);
  if (apiBaseUrl === undefined) {
    problems.push('EXPO_PUBLIC_API_URL is not set');
  } else {
    try {
      assertApiBaseUrl(apiBaseUrl, isProduction);
    } catch (error) {
      problems.push(
        error instanceof InsecureApiUrlError
          ? 'EXPO_PUBLIC_API_URL must use https:// in a production build'
          : 'EXPO_PUBLIC_API_URL must be an http(s) URL',
      );
    }
  }

  const revenueCatKey = raw.EXPO_PUBLIC_REVENUECAT_API_KEY ?? null;
  if (revenueCatKey !== null && looksSecret(revenueCatKey)) {
    problems.push('EXPO_PUBLIC_REVENUECAT_API_KEY holds a secret key; use the public SDK key');
  }

  if (problems.length > 0 || clerkKey === undefined || apiBaseUrl === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    config: {
      clerkPublishableKey: clerkKey,
      apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
      revenueCatApiKey: revenueCatKey,
      isProduction,
    },
  };
}

// Each variable is spelled out: Expo inlines `process.env.EXPO_PUBLIC_X` only when written literally.
export const configResult: ConfigResult = parseConfig(
  {
    EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: process.env.EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY,
    EXPO_PUBLIC_API_URL: process.env.EXPO_PUBLIC_API_URL,
    EXPO_PUBLIC_REVENUECAT_API_KEY: process.env.EXPO_PUBLIC_REVENUECAT_API_KEY,
  },
  process.env.NODE_ENV === 'production',
);

/** Thrown by code that needs configuration when the app is misconfigured. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Assetra is not configured: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

export function requireConfig(): AppConfig {
  if (!configResult.ok) throw new ConfigurationError(configResult.problems);
  return configResult.config;
}
