import * as double from '../../e2e/double/deviceOwnerAuth';
import * as real from '../../src/features/lock/deviceOwnerAuth';

const { authenticateDeviceOwner, canEnrolUnlockKey, deviceOwnerAuthAvailable } = double;

const page = globalThis as { __ASSETRA_E2E_PROMPT_ANSWERS__?: unknown };

afterEach(() => {
  delete page.__ASSETRA_E2E_PROMPT_ANSWERS__;
});

describe("the E2E build's device-owner auth (the app lock on in a browser)", () => {
  it('turns the lock on, with nothing to enrol, and leaves a trace the browser test reads', () => {
    expect(deviceOwnerAuthAvailable()).toBe(true);
    expect(canEnrolUnlockKey()).toBe(false);
    expect((globalThis as Record<string, unknown>).__ASSETRA_E2E_LOCK_DOUBLE__).toBe(
      double.E2E_LOCK_DOUBLE_MARKER,
    );
  });

  it('answers the prompts as the test scripted them, in order, then confirms the owner', async () => {
    page.__ASSETRA_E2E_PROMPT_ANSWERS__ = ['user_cancel', 'lockout'];

    await expect(authenticateDeviceOwner('biometric')).resolves.toEqual({
      ok: false,
      error: 'user_cancel',
    });
    await expect(authenticateDeviceOwner('biometric')).resolves.toEqual({
      ok: false,
      error: 'lockout',
    });
    await expect(authenticateDeviceOwner('passcode')).resolves.toEqual({ ok: true });
  });

  it('confirms the owner when nothing was scripted', async () => {
    await expect(authenticateDeviceOwner('biometric')).resolves.toEqual({ ok: true });
  });

  it('has every export of the real module (Metro gives it to every importer of the real one)', () => {
    expect(Object.keys(double)).toEqual(expect.arrayContaining(Object.keys(real)));
    expect(double.forgetUnlockKey).toBe(real.forgetUnlockKey);
  });
});
