import { describe, expect, it } from 'vitest';
import { useBodyHarness } from '../support/bodyHarness.js';
import { REVENUECAT_AUTH, ROUTES } from '../support/bodyRoutes.js';
import { corruptEncodings } from '../support/hostileBodies.js';
import { svixHeaders } from '../support/svix.js';

const harness = useBodyHarness();

describe('bodies at the edges of what the API parses', () => {
  it.each(ROUTES)(
    '$name answers a 4xx problem+json, not a 500, to a body that does not decode as its Content-Encoding',
    async (route) => {
      const before = await harness.snapshot();
      const answers: string[] = [];

      for (const body of corruptEncodings) {
        const response = await harness.send(route, body);
        const type = response.headers['content-type'] ?? '';
        if (response.status >= 500 || (response.status >= 400 && !type.includes('problem+json')))
          answers.push(`${body.contentEncoding ?? ''} ${body.bytes.length} B → ${response.status}`);
      }

      expect(answers).toEqual([]);
      if (route.path !== '/auth/bootstrap') expect(await harness.snapshot()).toBe(before);
    },
  );

  it.each([
    ['beyond the year 9999', 253_402_300_800_000],
    ['past what a Date holds', Number.MAX_SAFE_INTEGER],
  ])(
    'POST /webhooks/clerk answers 400, not 500, to a signed user.created whose updated_at is %s',
    async (_name, updatedAt) => {
      const raw = JSON.stringify({
        type: 'user.created',
        data: { id: `user_far_future_${updatedAt}`, email_addresses: [], updated_at: updatedAt },
      });
      const before = await harness.snapshot();

      const response = await harness.api.request('/webhooks/clerk', {
        method: 'POST',
        headers: svixHeaders(raw),
        body: raw,
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'validation_failed' });
      expect(await harness.snapshot()).toBe(before);
    },
  );

  it.each([
    ['event_timestamp_ms', { event_timestamp_ms: Number.MAX_SAFE_INTEGER }],
    ['expiration_at_ms', { expiration_at_ms: Number.MAX_SAFE_INTEGER }],
    ['expiration_at_ms beyond the year 9999', { expiration_at_ms: 253_402_300_800_000 }],
  ])(
    'POST /webhooks/revenuecat answers 400, not 500, to a purchase with an out-of-range %s',
    async (_name, fields) => {
      const body = {
        api_version: '1.0',
        event: {
          id: `evt_far_${JSON.stringify(fields)}`,
          type: 'INITIAL_PURCHASE',
          app_user_id: harness.userId,
          entitlement_ids: ['pro'],
          expiration_at_ms: Date.now() + 86_400_000,
          event_timestamp_ms: Date.now(),
          ...fields,
        },
      };
      const before = await harness.snapshot();

      const response = await harness.api.request('/webhooks/revenuecat', {
        method: 'POST',
        headers: { authorization: REVENUECAT_AUTH },
        json: body,
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'validation_failed' });
      expect(await harness.snapshot()).toBe(before);
    },
  );
});
