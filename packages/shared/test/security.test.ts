import { describe, expect, it } from 'vitest';
import {
  SecurityEventSchema,
  SecurityEventsQuerySchema,
  SessionsResponseSchema,
} from '../src/index.js';

describe('Security center schemas', () => {
  it('defaults limit to 20 and refuses one outside 1–50 or a cursor with foreign characters', () => {
    expect(SecurityEventsQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(SecurityEventsQuerySchema.parse({ limit: '50', before: 'MTIz' })).toEqual({
      limit: 50,
      before: 'MTIz',
    });
    for (const query of [{ limit: '0' }, { limit: '51' }, { before: 'a b' }, { other: '1' }]) {
      expect(SecurityEventsQuerySchema.safeParse(query).success).toBe(false);
    }
  });

  it('reads a session list whose device fields are all unknown', () => {
    const device = { type: null, isMobile: null, browser: null, city: null, country: null };
    const body = {
      sessions: [
        {
          id: 'sess_1',
          current: true,
          createdAt: '2026-01-01T00:00:00.000Z',
          lastActiveAt: '2026-01-01T00:00:00.000Z',
          device,
        },
      ],
    };

    expect(SessionsResponseSchema.parse(body)).toEqual(body);
  });

  it('refuses an event type the contract does not name', () => {
    const event = { id: 'e1', at: '2026-01-01T00:00:00.000Z', device: null, detail: {} };

    expect(SecurityEventSchema.safeParse({ ...event, type: 'sign_in' }).success).toBe(true);
    expect(SecurityEventSchema.safeParse({ ...event, type: 'password.changed' }).success).toBe(
      false,
    );
  });
});
