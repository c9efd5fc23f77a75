import { useState, type ReactNode } from 'react';
import { StyleSheet, View } from 'react-native';

import { useAppLock, type Authenticate } from '../../hooks/useAppLock';
import { authenticateDeviceOwner, deviceOwnerAuthAvailable } from './deviceOwnerAuth';
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
  const lockSupported = deviceOwnerAuthAvailable();
  const lock = useAppLock({
    enabled: lockSupported,
    authenticate,
    startUnlocked: freshSignIn,
    ...(now ? { now } : {}),
  });
  usePrivacyScreen(lockSupported);

  const locked = lock.status !== 'unlocked';
  const enrolment = useUnlockEnrolment(lockSupported && !locked);
  return (
    <View style={styles.fill}>
      {/* aria-hidden: iOS accessibilityElementsHidden, Android no-hide-descendants, and the DOM's. */}
      <View style={styles.fill} aria-hidden={locked}>
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
