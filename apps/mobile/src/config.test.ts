import { DEVELOPMENT_API_URL, parseConfig } from './config';

const valid = {
  EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuYXNzZXRyYS5hcHAk',
  EXPO_PUBLIC_API_URL: 'https://api.assetra.app/',
  EXPO_PUBLIC_REVENUECAT_API_KEY: 'appl_AbCdEf',
};

describe('parseConfig', () => {
  it('accepts a production configuration and trims the trailing slash of the API URL', () => {
    const result = parseConfig(valid, true);

    expect(result).toEqual({
      ok: true,
      config: {
        clerkPublishableKey: valid.EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY,
        apiBaseUrl: 'https://api.assetra.app',
        revenueCatApiKey: 'appl_AbCdEf',
        isProduction: true,
      },
    });
  });

  it('defaults the API URL to localhost in development only', () => {
    const env = { ...valid, EXPO_PUBLIC_API_URL: undefined };

    const development = parseConfig(env, false);
    const production = parseConfig(env, true);

    expect(development.ok && development.config.apiBaseUrl).toBe(DEVELOPMENT_API_URL);
    expect(production).toEqual({ ok: false, problems: ['EXPO_PUBLIC_API_URL is not set'] });
  });

  it('refuses a non-HTTPS API URL in a production build', () => {
    const result = parseConfig({ ...valid, EXPO_PUBLIC_API_URL: 'http://api.assetra.app' }, true);

    expect(result).toEqual({
      ok: false,
      problems: ['EXPO_PUBLIC_API_URL must use https:// in a production build'],
    });
  });

  it('reports a missing publishable key instead of throwing', () => {
    const result = parseConfig({ ...valid, EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY: '  ' }, true);

    expect(result).toEqual({
      ok: false,
      problems: ['EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY is not set'],
    });
  });

  it.each([
    ['EXPO_PUBLIC_CLERK_PUBLISHABLE_KEY', 'sk_live_secret'],
    ['EXPO_PUBLIC_REVENUECAT_API_KEY', 'sk_AbCdEfSecret'],
  ])('refuses a secret key in %s, since it would ship in the bundle', (name, value) => {
    const result = parseConfig({ ...valid, [name]: value }, true);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(/secret key/);
  });

  it('runs without RevenueCat when no key is configured', () => {
    const result = parseConfig({ ...valid, EXPO_PUBLIC_REVENUECAT_API_KEY: undefined }, true);

    expect(result.ok && result.config.revenueCatApiKey).toBeNull();
  });
});
