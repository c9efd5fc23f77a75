import { act, fireEvent, render, screen } from '@testing-library/react-native';
import { useState } from 'react';
import { AppState, Platform, Pressable, Text, type AppStateStatus } from 'react-native';

import type { AuthMethod, AuthOutcome } from '../../hooks/useAppLock';
import { AppLockGate } from './AppLockGate';
import { enrolUnlockKey, type EnrolOutcome } from './deviceOwnerAuth';
import { markFreshSignIn } from './freshSignIn';

jest.mock('./deviceOwnerAuth', () => ({
  // The real platform check: the lock runs on phones only.
  deviceOwnerAuthAvailable: jest.requireActual<{ deviceOwnerAuthAvailable: () => boolean }>(
    './deviceOwnerAuth',
  ).deviceOwnerAuthAvailable,
  authenticateDeviceOwner: jest.fn(),
  canEnrolUnlockKey: jest.fn(() => true),
  hasUnlockKey: jest.fn(async () => false),
  enrolUnlockKey: jest.fn(async (): Promise<EnrolOutcome> => 'enrolled'),
}));
jest.mock('expo-screen-capture', () => ({
  enableAppSwitcherProtectionAsync: jest.fn(async () => undefined),
  disableAppSwitcherProtectionAsync: jest.fn(async () => undefined),
  preventScreenCaptureAsync: jest.fn(async () => undefined),
  allowScreenCaptureAsync: jest.fn(async () => undefined),
}));

const appState = AppState as unknown as { currentState: AppStateStatus };
const T0 = new Date('2026-03-02T09:00:00.000Z').getTime();

function Counter() {
  const [count, setCount] = useState(0);
  return (
    <Pressable accessibilityRole="button" onPress={() => setCount(count + 1)}>
      <Text>Balance views: {count}</Text>
    </Pressable>
  );
}

function emit(state: AppStateStatus) {
  const calls = jest.mocked(AppState.addEventListener).mock.calls.filter(([t]) => t === 'change');
  const handler = calls.at(-1)?.[1] as (s: AppStateStatus) => void;
  appState.currentState = state;
  act(() => handler(state));
}

async function renderGate(outcomes: AuthOutcome[]) {
  const authenticate = jest.fn(
    async (_method: AuthMethod): Promise<AuthOutcome> => outcomes.shift() ?? { ok: true },
  );
  const onSignOut = jest.fn();
  render(
    <AppLockGate authenticate={authenticate} onSignOut={onSignOut}>
      <Counter />
    </AppLockGate>,
  );
  await act(async () => {
    await Promise.resolve();
  });
  return { authenticate, onSignOut };
}

beforeEach(() => {
  Platform.OS = 'ios';
  jest.useFakeTimers();
  jest.setSystemTime(T0);
  appState.currentState = 'active';
});

afterEach(() => jest.useRealTimers());

describe('AppLockGate', () => {
  it('renders nothing of the app on a cold start until the user unlocks', async () => {
    const { authenticate } = await renderGate([{ ok: false, error: 'user_cancel' }, { ok: true }]);

    expect(screen.getByText('Assetra is locked')).toBeTruthy();
    expect(screen.getByText('Unlock was cancelled.')).toBeTruthy();
    expect(screen.queryByText(/Balance views/)).toBeNull();

    fireEvent.press(screen.getByRole('button', { name: 'Unlock with Face ID or fingerprint' }));
    await act(async () => {
      await Promise.resolve();
    });

    expect(authenticate).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Balance views: 0')).toBeTruthy();
    expect(screen.queryByText('Assetra is locked')).toBeNull();
  });

  it('re-locks over the kept screen after 5 minutes away, hiding it from screen readers', async () => {
    await renderGate([{ ok: true }, { ok: false, error: 'user_cancel' }]);
    fireEvent.press(screen.getByRole('button'));
    expect(screen.getByText('Balance views: 1')).toBeTruthy();

    emit('background');
    jest.setSystemTime(T0 + 5 * 60_000);
    emit('active');
    await act(async () => {
      await Promise.resolve();
    });

    expect(screen.getByText('Assetra is locked')).toBeTruthy();
    expect(screen.queryByText('Balance views: 1')).toBeNull(); // hidden from accessibility
    expect(screen.getByText('Balance views: 1', { includeHiddenElements: true })).toBeTruthy();
  });

  it('covers the content while the app is inactive, without locking', async () => {
    await renderGate([{ ok: true }]);

    emit('inactive');
    // The cover is deliberately hidden from screen readers, hence includeHiddenElements.
    expect(screen.getByTestId('privacy-cover', { includeHiddenElements: true })).toBeTruthy();
    emit('active');

    expect(screen.queryByTestId('privacy-cover', { includeHiddenElements: true })).toBeNull();
    expect(screen.getByText('Balance views: 0')).toBeTruthy();
  });

  it('offers the device passcode and sign-out when biometrics are unavailable, never a dead end', async () => {
    const { authenticate, onSignOut } = await renderGate([
      { ok: false, error: 'not_enrolled' },
      { ok: true },
    ]);

    expect(screen.queryByRole('button', { name: 'Unlock with Face ID or fingerprint' })).toBeNull();
    fireEvent.press(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledTimes(1);

    fireEvent.press(screen.getByRole('button', { name: 'Use device passcode' }));
    await act(async () => {
      await Promise.resolve();
    });

    expect(authenticate).toHaveBeenLastCalledWith('passcode');
    expect(screen.getByText('Balance views: 0')).toBeTruthy();
  });

  it('sends the user back to Clerk sign-in when biometrics changed', async () => {
    const { onSignOut } = await renderGate([{ ok: false, error: 'biometrics_changed' }]);

    expect(screen.queryByRole('button', { name: 'Use device passcode' })).toBeNull();
    fireEvent.press(screen.getByRole('button', { name: 'Sign in again' }));

    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it('starts unlocked right after a Clerk sign-in and enrols the biometric key', async () => {
    markFreshSignIn();

    const { authenticate } = await renderGate([]);

    expect(screen.getByText('Balance views: 0')).toBeTruthy();
    expect(authenticate).not.toHaveBeenCalled();
    expect(enrolUnlockKey).toHaveBeenCalledTimes(1);
  });

  it('on Android explains the unlock set-up before its biometric prompt, and lets a cancel be retried', async () => {
    Platform.OS = 'android';
    jest
      .mocked(enrolUnlockKey)
      .mockResolvedValueOnce('cancelled')
      .mockResolvedValueOnce('enrolled');
    markFreshSignIn();
    await renderGate([]);

    expect(screen.getByText(/Confirm once now to set it up/)).toBeTruthy();
    expect(enrolUnlockKey).not.toHaveBeenCalled();
    fireEvent.press(screen.getByRole('button', { name: 'Set up unlock' }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.getByText(/Set-up was cancelled/)).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Try again' }));
    await act(async () => {
      await Promise.resolve();
    });

    expect(enrolUnlockKey).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(/Confirm once now to set it up/)).toBeNull();
    expect(screen.getByText('Balance views: 0')).toBeTruthy();
  });

  it('on the web, which has no biometric prompt, shows the app without a lock and never prompts', async () => {
    Platform.OS = 'web';

    const { authenticate } = await renderGate([]);

    expect(screen.getByText('Balance views: 0')).toBeTruthy();
    expect(screen.queryByText('Assetra is locked')).toBeNull();
    expect(authenticate).not.toHaveBeenCalled();
    expect(enrolUnlockKey).not.toHaveBeenCalled();
  });

  it('"Not now" closes the set-up without a biometric prompt', async () => {
    Platform.OS = 'android';
    markFreshSignIn();
    await renderGate([]);

    fireEvent.press(screen.getByRole('button', { name: 'Not now' }));

    expect(screen.queryByText(/Confirm once now to set it up/)).toBeNull();
    expect(enrolUnlockKey).not.toHaveBeenCalled();
  });
});
