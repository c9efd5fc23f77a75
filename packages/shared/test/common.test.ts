import { describe, expect, it } from 'vitest';

import {
  EmailLinkRedeemBodySchema,
  PatchMeBodySchema,
  PushTokenBodySchema,
  PushTokenSchema,
  text,
  withoutControlCharacters,
} from '@assetra/shared';

const CONTROL_CHARACTERS = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
];

describe('text()', () => {
  it.each(CONTROL_CHARACTERS.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, c]))(
    'refuses a string holding %s',
    (_name, character) => {
      const result = text().safeParse(`a${character}b`);

      expect(result.success).toBe(false);
    },
  );

  it('accepts text outside the control ranges, U+0080 and emoji included', () => {
    const result = text().safeParse('Zoë \u0080 – 🙂');

    expect(result.success).toBe(true);
  });
});

describe('request schemas refuse control characters', () => {
  it('in PATCH /users/me displayName, also inside an otherwise valid name', () => {
    const result = PatchMeBodySchema.safeParse({ displayName: 'Ada\u0000Lovelace' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['displayName']);
  });

  it('in a push token, which the Expo pattern alone let through', () => {
    const token = 'ExponentPushToken[abc\u0000def]';

    expect(PushTokenSchema.safeParse(token).success).toBe(false);
    expect(PushTokenBodySchema.safeParse({ token, platform: 'ios' }).success).toBe(false);
  });

  it('in an email-link token', () => {
    const result = EmailLinkRedeemBodySchema.safeParse({
      token: 'abc\u0001',
      codeVerifier: 'v'.repeat(43),
    });

    expect(result.success).toBe(false);
  });
});

describe('withoutControlCharacters', () => {
  it('replaces each control character with a space and leaves the rest', () => {
    expect(withoutControlCharacters('Ann\u0000Marie\n\u007fZoë')).toBe('Ann Marie  Zoë');
  });
});
