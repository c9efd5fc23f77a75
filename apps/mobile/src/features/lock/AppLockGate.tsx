import { useEffect, useState, type ReactNode } from 'react';
import { Platform, StyleSheet, View } from 'react-native';

import { useAppLock, type Authenticate } from '../../hooks/useAppLock';
import { authenticateDeviceOwner, enrolUnlockKey } from './deviceOwnerAuth';
import { consumeFreshSignIn } from './freshSignIn';
import { usePrivacyScreen } from './privacyScreen';
import { PrivacyCover, UnlockOverlay } from './UnlockOverlay';

type Props = {
  children: ReactNode;
  onSignOut: () => void;
  /** Test seam; the app uses the keychain-bound biometric check. */
  authenticate?: Authenticate;
  now?: () => number;
};

/** Browsers have no biometric prompt: the web build (used for end-to-end tests) is not locked. */
const LOCK_SUPPORTED = Platform.OS === 'ios' || Platform.OS === 'android';

/**
 * Wraps the signed-in app. Nothing renders until the first unlock (cold start fails closed);
 * later locks overlay the mounted stack so navigation state survives.
 */
export function AppLockGate({
  children,
  onSignOut,
  authenticate = authenticateDeviceOwner,
  now,
}: Props) {
  const [freshSignIn] = useState(consumeFreshSignIn);
  const lock = useAppLock({
    enabled: LOCK_SUPPORTED,
    authenticate,
    startUnlocked: freshSignIn,
    ...(now ? { now } : {}),
  });
  usePrivacyScreen(LOCK_SUPPORTED);

  useEffect(() => {
    if (freshSignIn && LOCK_SUPPORTED) void enrolUnlockKey();
  }, [freshSignIn]);

  const locked = lock.status !== 'unlocked';
  return (
    <View style={styles.fill}>
      <View
        style={styles.fill}
        importantForAccessibility={locked ? 'no-hide-descendants' : 'auto'}
        accessibilityElementsHidden={locked}
      >
        {lock.everUnlocked ? children : null}
      </View>
      {locked ? (
        <UnlockOverlay lock={lock} onSignOut={onSignOut} />
      ) : lock.coverVisible ? (
        <PrivacyCover />
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({ fill: { flex: 1 } });
