import { PROBLEM_CONTENT_TYPE } from '@assetra/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';

let store: Store;
let api: ApiHarness;

beforeAll(async () => {
  store = await openStore('pglite:memory');
  // No SMTP_URL, CLERK_WEBHOOK_SIGNING_SECRET or REVENUECAT_WEBHOOK_AUTH.
  api = await startApi({ store });
});

afterAll(async () => {
  await api.close();
  await store.close();
});

const ROUTES = [
  ['/auth/email-link', 'Sign-in emails'],
  ['/auth/email-link/redeem', 'Sign-in emails'],
  ['/webhooks/clerk', 'Clerk webhooks'],
  ['/webhooks/revenuecat', 'RevenueCat webhooks'],
] as const;

describe('a route whose integration is not configured', () => {
  it.each(ROUTES)(
    'POST %s answers 503 not_configured naming "%s", before credentials or body are looked at',
    async (path, feature) => {
      // Each of these would be refused otherwise: a wrong credential, a body that is not JSON
      // and over the 100 KB limit.
      const response = await api.request(path, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong', 'content-type': 'text/plain' },
        body: 'x'.repeat(200 * 1024),
      });

      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(await response.json()).toMatchObject({
        status: 503,
        code: 'not_configured',
        detail: `${feature} are not configured`,
      });
    },
  );
});
