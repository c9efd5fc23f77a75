import { act, renderHook } from '@testing-library/react-native';
import { AppState, Platform, type AppStateStatus } from 'react-native';

import {
  DEFAULT_LOCK_TIMEOUT_MS,
  useAppLock,
  type AuthMethod,
  type AuthOutcome,
  type UseAppLockOptions,
} from './useAppLock';

const T0 = new Date('2026-03-02T09:00:00.000Z').getTime();
const MINUTE = 60_000;

type Deferred = { resolve: (outcome: AuthOutcome) => void };

const appState = AppState as unknown as { currentState: AppStateStatus };
const addListener = jest.mocked(AppState.addEventListener);

function listener(type: 'change' | 'blur' | 'focus') {
  const call = addListener.mock.calls.filter(([name]) => name === type).at(-1);
  if (!call) throw new Error(`no ${type} listener registered`);
  return call[1] as (state?: AppStateStatus) => void;
}

function emit(state: AppStateStatus) {
  appState.currentState = state;
  act(() => listener('change')(state));
}

async function flush() {
  await act(async () => {
    await Promise.resolve();
  });
}

/** Renders the hook after a successful cold-start unlock unless told otherwise. */
async function setup(
  options: Partial<UseAppLockOptions> & { outcomes?: AuthOutcome[]; manual?: boolean } = {},
) {
  const pending: Deferred[] = [];
  const outcomes = options.outcomes ?? [];
  const authenticate = jest.fn(
    (_method: AuthMethod) =>
      new Promise<AuthOutcome>((resolve) => {
        if (options.manual) pending.push({ resolve });
        else resolve(outcomes.shift() ?? { ok: true });
      }),
  );
  const hook = renderHook((props: UseAppLockOptions) => useAppLock(props), {
    initialProps: { enabled: true, authenticate, ...options },
  });
  await flush();
  return { ...hook, authenticate, pending };
}

beforeEach(() => {
  jest.useFakeTimers();
  jest.setSystemTime(T0);
  appState.currentState = 'active';
  Platform.OS = 'ios';
});

afterEach(() => {
  jest.useRealTimers();
});

describe('useAppLock', () => {
  it('1. is locked on a cold start before any AppState event, without prompting in the background', async () => {
    appState.currentState = 'background';

    const { result, authenticate } = await setup();

    expect(result.current.status).toBe('locked');
    expect(result.current.everUnlocked).toBe(false);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('1a. a lock that began in the background prompts once when the app comes to the front', async () => {
    appState.currentState = 'background';
    const { result, authenticate } = await setup({
      outcomes: [{ ok: false, error: 'user_cancel' }],
    });
    expect(authenticate).not.toHaveBeenCalled();

    emit('active');
    await flush();
    emit('inactive');
    emit('active');
    await flush();

    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('locked');
    expect(result.current.reason).toBe('cancelled');
  });

  it('1b. prompts once on a cold start in the foreground and unlocks on success', async () => {
    const { result, authenticate } = await setup();

    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('unlocked');
  });

  it('2. stays unlocked at 4:59 in the background and locks at exactly 5:00', async () => {
    const { result, authenticate } = await setup({
      outcomes: [{ ok: true }, { ok: false, error: 'user_cancel' }],
    });

    emit('background');
    jest.setSystemTime(T0 + DEFAULT_LOCK_TIMEOUT_MS - 1_000);
    emit('active');
    expect(result.current.status).toBe('unlocked');

    emit('background');
    jest.setSystemTime(T0 + DEFAULT_LOCK_TIMEOUT_MS - 1_000 + DEFAULT_LOCK_TIMEOUT_MS - 1);
    emit('active');
    expect(result.current.status).toBe('unlocked');

    const backgroundAt = Date.now();
    emit('background');
    jest.setSystemTime(backgroundAt + DEFAULT_LOCK_TIMEOUT_MS);
    emit('active');
    await flush();
    expect(result.current.status).toBe('locked');
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('2b. unlocks after the timeout lock when authentication succeeds', async () => {
    const { result } = await setup();

    emit('background');
    jest.setSystemTime(T0 + 5 * MINUTE);
    emit('active');
    await flush();

    expect(result.current.status).toBe('unlocked');
    expect(result.current.reason).toBeNull();
  });

  it('3. never locks for iOS inactive, however long; the cover shows then hides', async () => {
    const { result, authenticate } = await setup();

    emit('inactive');
    expect(result.current.coverVisible).toBe(true);
    jest.setSystemTime(T0 + 10 * MINUTE);
    emit('active');

    expect(result.current.coverVisible).toBe(false);
    expect(result.current.status).toBe('unlocked');
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('4. ignores the inactive/active pair caused by the Face ID sheet itself', async () => {
    const { result, authenticate, pending } = await setup({ manual: true });
    expect(result.current.status).toBe('unlocking');

    emit('inactive');
    emit('active');
    act(() => pending[0]?.resolve({ ok: true }));
    await flush();

    expect(result.current.status).toBe('unlocked');
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('5. Android passcode fallback: background during the prompt does not re-lock; success unlocks', async () => {
    Platform.OS = 'android';
    const { result, authenticate, pending } = await setup({ manual: true });

    emit('background');
    jest.setSystemTime(T0 + 2 * MINUTE);
    emit('active');
    act(() => pending[0]?.resolve({ ok: true }));
    await flush();

    expect(result.current.status).toBe('unlocked');
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('6. with timeoutMs = 0 any trip to the background locks', async () => {
    const { result, authenticate } = await setup({
      timeoutMs: 0,
      outcomes: [{ ok: true }, { ok: false, error: 'user_cancel' }],
    });

    emit('background');
    emit('active');
    await flush();

    expect(result.current.status).toBe('locked');
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('7. locks when the system clock was set back an hour while in the background', async () => {
    const { result } = await setup({
      outcomes: [{ ok: true }, { ok: false, error: 'user_cancel' }],
    });

    emit('background');
    jest.setSystemTime(T0 - 60 * MINUTE);
    emit('active');
    await flush();

    expect(result.current.status).toBe('locked');
  });

  it('8. locks after 8 hours asleep even though performance.now did not move', async () => {
    const { result } = await setup({
      outcomes: [{ ok: true }, { ok: false, error: 'user_cancel' }],
    });
    const monotonicBefore = performance.now();

    emit('background');
    jest.setSystemTime(T0 + 8 * 60 * MINUTE);
    emit('active');
    await flush();

    expect(performance.now()).toBe(monotonicBefore);
    expect(result.current.status).toBe('locked');
  });

  it('9. two quick unlock() calls share one prompt and one promise', async () => {
    appState.currentState = 'background';
    const { result, authenticate, pending } = await setup({ manual: true });
    appState.currentState = 'active';

    let first!: Promise<boolean>;
    let second!: Promise<boolean>;
    act(() => {
      first = result.current.unlock();
      second = result.current.unlock();
    });
    act(() => pending[0]?.resolve({ ok: true }));
    await flush();

    expect(second).toBe(first);
    await expect(first).resolves.toBe(true);
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('10. after user_cancel it stays locked; the next active does not re-prompt; the button does', async () => {
    const { result, authenticate } = await setup({
      outcomes: [{ ok: false, error: 'user_cancel' }, { ok: true }],
    });
    expect(result.current.status).toBe('locked');
    expect(result.current.reason).toBe('cancelled');

    emit('inactive');
    emit('active');
    emit('background');
    jest.setSystemTime(T0 + MINUTE);
    emit('active');
    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(result.current.status).toBe('locked');

    await act(async () => {
      await result.current.unlock();
    });
    expect(authenticate).toHaveBeenCalledTimes(2);
    expect(result.current.status).toBe('unlocked');
  });

  it.each(['lockout', 'not_enrolled', 'not_available', 'passcode_not_set'] as const)(
    '11. %s leaves it locked with reason biometrics-unavailable and never unlocks',
    async (error) => {
      const { result } = await setup({
        outcomes: [
          { ok: false, error },
          { ok: false, error },
        ],
      });

      expect(result.current.status).toBe('locked');
      expect(result.current.reason).toBe('biometrics-unavailable');

      await act(async () => {
        await result.current.unlock();
      });
      expect(result.current.status).toBe('locked');
    },
  );

  it('12. unmount removes every AppState listener and leaves no timers', async () => {
    Platform.OS = 'android';
    const { unmount } = await setup();
    const subscriptions = addListener.mock.results.map((r) => r.value as { remove: jest.Mock });
    expect(subscriptions).toHaveLength(3);
    jest.clearAllTimers(); // the test renderer's own flush timer, not the hook's

    emit('background');
    jest.setSystemTime(T0 + MINUTE);
    emit('active');
    unmount();

    subscriptions.forEach((subscription) => expect(subscription.remove).toHaveBeenCalledTimes(1));
    expect(jest.getTimerCount()).toBe(0);
  });

  it('retries after a failed attempt (wrong face) and unlocks on the second try', async () => {
    const { result, authenticate } = await setup({
      outcomes: [{ ok: false, error: 'authentication_failed' }, { ok: true }],
    });
    expect(result.current.reason).toBe('failed');

    await act(async () => {
      await result.current.unlock();
    });

    expect(result.current.status).toBe('unlocked');
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('passes the device-passcode path through to authenticate', async () => {
    const { result, authenticate } = await setup({
      outcomes: [{ ok: false, error: 'lockout' }, { ok: true }],
    });

    await act(async () => {
      await result.current.unlock('passcode');
    });

    expect(authenticate).toHaveBeenLastCalledWith('passcode');
    expect(result.current.status).toBe('unlocked');
  });

  it('reports changed biometrics so the user is sent back through Clerk sign-in', async () => {
    const { result } = await setup({ outcomes: [{ ok: false, error: 'biometrics_changed' }] });

    expect(result.current.status).toBe('locked');
    expect(result.current.reason).toBe('biometrics-changed');
  });

  it('treats an authenticator that throws as a failure, not an unlock', async () => {
    const authenticate = jest.fn(async () => {
      throw new Error('native module missing');
    });

    const { result } = renderHook(() => useAppLock({ enabled: true, authenticate }));
    await flush();

    expect(result.current.status).toBe('locked');
    expect(result.current.reason).toBe('failed');
  });

  it('does not start locked right after a Clerk sign-in, but still locks after the timeout', async () => {
    const { result, authenticate } = await setup({ startUnlocked: true, manual: true });
    expect(result.current.status).toBe('unlocked');
    expect(authenticate).not.toHaveBeenCalled();

    emit('background');
    jest.setSystemTime(T0 + 6 * MINUTE);
    emit('active');

    expect(result.current.status).toBe('unlocking');
  });

  it('skipLock ignores the trip to the background of a flow that leaves the app on purpose', async () => {
    const { result } = await setup();
    let finishFlow!: () => void;

    let flow!: Promise<void>;
    act(() => {
      flow = result.current.skipLock(() => new Promise<void>((resolve) => (finishFlow = resolve)));
    });
    emit('background');
    jest.setSystemTime(T0 + 10 * MINUTE);
    emit('active');
    await act(async () => {
      finishFlow();
      await flow;
    });

    expect(result.current.status).toBe('unlocked');
  });

  it('is always unlocked when disabled (signed out, or web)', async () => {
    const { result, authenticate } = await setup({ enabled: false });

    expect(result.current.status).toBe('unlocked');
    expect(result.current.coverVisible).toBe(false);
    expect(addListener).not.toHaveBeenCalled();
    expect(authenticate).not.toHaveBeenCalled();
  });
});
