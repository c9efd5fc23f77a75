import type { LocalAuthenticationError } from 'expo-local-authentication';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppState, Platform, type AppStateStatus } from 'react-native';

/** Coming back after this long in the background requires biometrics again. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;

export type AuthMethod = 'biometric' | 'passcode';
export type AuthFailure = LocalAuthenticationError | 'biometrics_changed';
export type AuthOutcome = { ok: true } | { ok: false; error: AuthFailure };
/** Proves the device owner is present; injectable so tests need no native module. */
export type Authenticate = (method: AuthMethod) => Promise<AuthOutcome>;

export type LockStatus = 'unknown' | 'locked' | 'unlocking' | 'unlocked';
export type LockReason =
  'cancelled' | 'failed' | 'biometrics-unavailable' | 'biometrics-changed' | null;

export type UseAppLockOptions = {
  enabled: boolean;
  timeoutMs?: number;
  /** Wall clock (design rule 2): it keeps counting while the phone sleeps. */
  now?: () => number;
  authenticate: Authenticate;
  /** The user has just signed in with Clerk in this process: no prompt right away. */
  startUnlocked?: boolean;
};

export type AppLock = {
  status: LockStatus;
  /** Opaque privacy cover for the app switcher; independent of the lock itself. */
  coverVisible: boolean;
  reason: LockReason;
  /** True once the user has unlocked in this mount: later locks overlay the kept stack. */
  everUnlocked: boolean;
  /** Single-flight: concurrent calls share one prompt. Resolves true when unlocked. */
  unlock: (method?: AuthMethod) => Promise<boolean>;
  lock: () => void;
  /** Runs a flow that leaves the app on purpose (passkey sheet, camera) without re-locking. */
  skipLock: <T>(flow: () => Promise<T>) => Promise<T>;
};

export function reasonFor(error: AuthFailure): Exclude<LockReason, null> {
  switch (error) {
    case 'user_cancel':
    case 'system_cancel':
    case 'app_cancel':
      return 'cancelled';
    case 'lockout':
    case 'not_enrolled':
    case 'not_available':
    case 'passcode_not_set':
      return 'biometrics-unavailable';
    case 'biometrics_changed':
      return 'biometrics-changed';
    default:
      return 'failed';
  }
}

export function useAppLock({
  enabled,
  timeoutMs = DEFAULT_LOCK_TIMEOUT_MS,
  now = Date.now,
  authenticate,
  startUnlocked = false,
}: UseAppLockOptions): AppLock {
  const lockedAtStart = enabled && !startUnlocked;
  const [status, setStatus] = useState<LockStatus>(lockedAtStart ? 'unknown' : 'unlocked');
  const [coverVisible, setCoverVisible] = useState(lockedAtStart);
  const [reason, setReason] = useState<LockReason>(null);
  const [everUnlocked, setEverUnlocked] = useState(!lockedAtStart);

  const latest = useRef({ now, timeoutMs, authenticate });
  useEffect(() => {
    latest.current = { now, timeoutMs, authenticate };
  });
  const statusRef = useRef(status);
  const appStateRef = useRef<AppStateStatus>(AppState.currentState);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const backgroundedAt = useRef<number | null>(null);
  const skipDepth = useRef(0);
  /** A lock episode that began out of sight owes its one prompt to the next `active` (rule 7). */
  const promptOwed = useRef(false);
  const mounted = useRef(true);

  const applyStatus = useCallback((next: LockStatus) => {
    statusRef.current = next;
    if (mounted.current) setStatus(next);
  }, []);

  const unlock = useCallback(
    (method: AuthMethod = 'biometric'): Promise<boolean> => {
      if (inFlight.current) return inFlight.current;
      if (statusRef.current === 'unlocked') return Promise.resolve(true);
      applyStatus('unlocking');
      const attempt = (async () => {
        let outcome: AuthOutcome;
        try {
          outcome = await latest.current.authenticate(method);
        } catch {
          outcome = { ok: false, error: 'unknown' };
        }
        if (mounted.current) setReason(outcome.ok ? null : reasonFor(outcome.error));
        if (outcome.ok && mounted.current) setEverUnlocked(true);
        applyStatus(outcome.ok ? 'unlocked' : 'locked');
        return outcome.ok;
      })();
      inFlight.current = attempt;
      void attempt.finally(() => {
        inFlight.current = null;
      });
      return attempt;
    },
    [applyStatus],
  );

  /** Starts a lock episode; its one automatic prompt happens only while the app is active. */
  const beginLockEpisode = useCallback(() => {
    setReason(null);
    applyStatus('locked');
    promptOwed.current = appStateRef.current !== 'active';
    if (!promptOwed.current) void unlock();
  }, [applyStatus, unlock]);

  const lock = useCallback(() => {
    if (!enabled) return;
    setReason(null);
    applyStatus('locked');
  }, [applyStatus, enabled]);

  const skipLock = useCallback(async <T>(flow: () => Promise<T>): Promise<T> => {
    skipDepth.current += 1;
    try {
      return await flow();
    } finally {
      skipDepth.current -= 1;
    }
  }, []);

  // Cold start fails closed: locked before any AppState event, prompting once if in front.
  useEffect(() => {
    if (enabled && statusRef.current === 'unknown') {
      appStateRef.current = AppState.currentState;
      setCoverVisible(appStateRef.current !== 'active');
      beginLockEpisode();
    }
  }, [enabled, applyStatus, beginLockEpisode]);

  useEffect(() => {
    mounted.current = true;
    if (!enabled) return;
    const onChange = (next: AppStateStatus) => {
      appStateRef.current = next;
      // A biometric or passcode sheet sends inactive/background on some platforms (rule 4).
      if (inFlight.current !== null || skipDepth.current > 0) return;
      if (next === 'background') {
        backgroundedAt.current ??= latest.current.now();
        setCoverVisible(true);
      } else if (next === 'inactive') {
        // Control Center, Face ID, the app-switcher peek: covered, but the clock does not start.
        setCoverVisible(true);
      } else if (next === 'active') {
        setCoverVisible(false);
        const since = backgroundedAt.current;
        backgroundedAt.current = null;
        if (promptOwed.current && statusRef.current === 'locked') {
          promptOwed.current = false;
          void unlock();
          return;
        }
        if (since === null) return;
        const elapsed = latest.current.now() - since;
        // A clock moved backwards is treated as tampering (rule 2).
        if (elapsed >= latest.current.timeoutMs || elapsed < 0) beginLockEpisode();
      }
    };
    const subscriptions = [AppState.addEventListener('change', onChange)];
    if (Platform.OS === 'android') {
      subscriptions.push(AppState.addEventListener('blur', () => setCoverVisible(true)));
      subscriptions.push(AppState.addEventListener('focus', () => setCoverVisible(false)));
    }
    return () => {
      mounted.current = false;
      subscriptions.forEach((subscription) => subscription.remove());
    };
  }, [enabled, beginLockEpisode, unlock]);

  if (!enabled) {
    return {
      status: 'unlocked',
      coverVisible: false,
      reason: null,
      everUnlocked: true,
      unlock,
      lock,
      skipLock,
    };
  }
  return { status, coverVisible, reason, everUnlocked, unlock, lock, skipLock };
}
