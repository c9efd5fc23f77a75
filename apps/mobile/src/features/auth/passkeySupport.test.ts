import { passkeySupport } from './passkeySupport';

describe('passkeySupport', () => {
  it.each([
    ['ios', '16.0'],
    ['ios', '18.2'],
    ['android', 28],
    ['android', 35],
  ] as const)('offers passkeys on %s %s', (os, version) => {
    expect(passkeySupport(os, version)).toEqual({ available: true });
  });

  it.each([
    ['ios', '15.8'],
    ['android', 27],
  ] as const)('explains that %s %s is too old for passkeys', (os, version) => {
    expect(passkeySupport(os, version)).toEqual({
      available: false,
      explanation: 'Passkeys need iOS 16 or Android 9 or later. Use your email instead.',
    });
  });

  it('sends web users to the phone app, where their passkey works', () => {
    expect(passkeySupport('web', '')).toEqual({
      available: false,
      explanation: 'Have a passkey? Sign in with it in the Assetra app on your phone.',
    });
  });
});
