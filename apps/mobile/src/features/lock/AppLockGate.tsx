import { useState, type ReactNode } from 'react';
import { Platform, StyleSheet, View } from 'react-native';

import { useAppLock, type Authenticate } from '../../hooks/useAppLock';
import { authenticateDeviceOwner } from './deviceOwnerAuth';
import { EnrolUnlockSheet } from './EnrolUnlockSheet';
import { consumeFreshSignIn } from './freshSignIn';
import { usePrivacyScreen } from './privacyScreen';
import { PrivacyCover, UnlockOverlay } from './UnlockOverlay';
import { useUnlockEnrolment } from './useUnlockEnrolment';

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

  const locked = lock.status !== 'unlocked';
  const enrolment = useUnlockEnrolment(LOCK_SUPPORTED && !locked);
  return (
    <View style={styles.fill}>
      <View
        style={styles.fill}
        importantForAccessibility={locked ? 'no-hide-descendants' : 'auto'}
        accessibilityElementsHidden={locked}
      >
        {lock.everUnlocked ? children : null}
      </View>
      <EnrolUnlockSheet
        step={locked ? 'hidden' : enrolment.step}
        onEnrol={enrolment.enrol}
        onDismiss={enrolment.dismiss}
      />
      {locked ? (
        <UnlockOverlay lock={lock} onSignOut={onSignOut} />
      ) : lock.coverVisible ? (
        <PrivacyCover />
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({ fill: { flex: 1 } });
