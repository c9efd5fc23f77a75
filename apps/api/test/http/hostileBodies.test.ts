import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useBodyHarness } from '../support/bodyHarness.js';
import { ROUTES } from '../support/bodyRoutes.js';
import { FC_SEED } from '../support/fuzz.js';
import { hostileBodies } from '../support/hostileBodies.js';
import { svixHeaders } from '../support/svix.js';

const harness = useBodyHarness();

describe('JSON routes fed hostile bodies', () => {
  it.each(ROUTES)(
    '$name answers 2xx only to a valid body, else a 4xx problem+json with nothing written',
    async (route) => {
      let before = await harness.snapshot();

      await fc.assert(
        fc.asyncProperty(hostileBodies(route.nearValid), async (body) => {
          const response = await harness.send(route, body);

          expect(response.status, response.body).toBeLessThan(500);
          const valid = route.valid(body);
          if (response.status < 300) {
            expect(valid, 'a 2xx for an invalid body').toBe(true);
            before = await harness.snapshot();
            return;
          }
          expect(valid, `a ${response.status} for a valid body`).not.toBe(true);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
          const problem = JSON.parse(response.body) as { code: string; status: number };
          expect(problem.status).toBe(response.status);
          if (route.refusal) expect(route.refusal).toContain(problem.code);
          expect(await harness.snapshot()).toBe(before);
        }),
        { numRuns: 40, seed: FC_SEED },
      );
    },
  );

  it('POST /webhooks/clerk answers 2xx or a 4xx problem+json to signed hostile events, never 5xx', async () => {
    const events = fc.record({
      type: fc.constantFrom('user.created', 'user.updated', 'user.deleted', 'session.revoked', 'x'),
      data: fc.record(
        {
          id: fc.oneof(
            fc.string({ minLength: 1, maxLength: 30 }).map((s) => `user_${s}`),
            fc.integer(),
          ),
          updated_at: fc.oneof(fc.integer({ min: -1, max: 2e12 }), fc.string()),
          email_addresses: fc.array(
            fc.record({ id: fc.string(), email_address: fc.string({ maxLength: 300 }) }),
            { maxLength: 2 },
          ),
          first_name: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)),
          banned: fc.oneof(fc.boolean(), fc.string()),
        },
        { requiredKeys: ['id'] },
      ),
    });

    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        const raw = JSON.stringify(event);
        const response = await harness.api.request('/webhooks/clerk', {
          method: 'POST',
          headers: svixHeaders(raw),
          body: raw,
        });

        expect(response.status, `${await response.clone().text()} for ${raw}`).toBeLessThan(500);
        if (response.status >= 400)
          expect(response.headers.get('content-type')).toContain('application/problem+json');
      }),
      { numRuns: 40, seed: FC_SEED },
    );
  });
});
